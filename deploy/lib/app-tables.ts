import { AnalyticsTables } from '../../libs/analytics-export/src/analytics.tables';
import { CatalogTables } from '../../libs/catalog/src/catalog.tables';
import { FulfilmentTables } from '../../libs/fulfilment/src/fulfilment.tables';
import type { TableDefinition } from '../../libs/dynamo/src/table-definition';
import { NotificationTables } from '../../libs/notifications/src/notifications.tables';
import { OrderTables } from '../../libs/orders/src/orders.tables';
import { RecommendationTables } from '../../libs/recommendations/src/recommendations.tables';

export { indexesOf, physicalTableName, type KeyAttribute, type TableDefinition } from '../../libs/dynamo/src/table-definition';
export type { ServiceName } from '../../libs/contracts/src/services';

/**
 * Every table of the estate: each domain declares its own (`<domain>.tables.ts`), and the
 * estate is where they all meet. A new domain's tables are added here.
 */
export const allTables: readonly TableDefinition[] = [
  ...Object.values(CatalogTables),
  ...Object.values(OrderTables),
  ...Object.values(FulfilmentTables),
  ...Object.values(NotificationTables),
  ...Object.values(AnalyticsTables),
  ...Object.values(RecommendationTables),
];
