import { AnalyticsTables } from '@gomart/analytics-export';
import { CatalogTables } from '@gomart/catalog';
import { FulfilmentTables } from '@gomart/fulfilment';
import type { TableDefinition } from '@gomart/dynamo';
import { NotificationTables } from '@gomart/notifications';
import { OrderTables } from '@gomart/orders';
import { RecommendationTables } from '@gomart/recommendations';

/** Every domain's tables, for tests that read a service's store from outside it. */
export const TestTables = { ...CatalogTables, ...OrderTables, ...FulfilmentTables, ...NotificationTables, ...AnalyticsTables, ...RecommendationTables } as const;

export const ALL_TABLES: readonly TableDefinition[] = Object.values(TestTables);
