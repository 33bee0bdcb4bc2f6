/**
 * Every DynamoDB table of the system, defined once. The app creates them from here when
 * DYNAMODB_CREATE_TABLES is on (embedded dynalite, moto, tests) and the CDK app in
 * `deploy/` builds the real tables from the same definitions, so the two cannot drift.
 *
 * Renaming a table, key or index is a data migration in every deployed environment.
 */

export type ServiceName = 'catalog' | 'orders' | 'notifications' | 'analytics-export';

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** ALL copies the whole item; KEYS_ONLY keeps index writes cheap for hot items. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical id; the physical name is `${prefix}${id}`. */
  readonly id: string;
  /** The only service allowed to read or write the table. */
  readonly owner: ServiceName;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  /** Change stream for export and archival (AWS only: dynalite ignores it). */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Epoch-seconds attribute after which DynamoDB may delete the item (AWS only). */
  readonly timeToLiveAttribute?: string;
}

export const Tables = {
  /** One item per product; stock and per-order reservations live on the item. */
  products: {
    id: 'products',
    owner: 'catalog',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        indexName: 'byCategory',
        partitionKey: { name: 'category', type: 'S' },
        sortKey: { name: 'listKey', type: 'S' },
        projection: 'KEYS_ONLY',
      },
    ],
  },
  /**
   * Word-prefix index for catalog search: one item per (word of name or brand, product),
   * partitioned by the word's first two letters, so a search reads only its matches.
   */
  productSearch: {
    id: 'product-search',
    owner: 'catalog',
    partitionKey: { name: 'prefix', type: 'S' },
    sortKey: { name: 'term', type: 'S' },
    indexes: [],
  },
  /** One item per order; the outbox of events to publish is stored on the order item. */
  orders: {
    id: 'orders',
    owner: 'orders',
    partitionKey: { name: 'id', type: 'S' },
    indexes: [
      {
        indexName: 'byCustomer',
        partitionKey: { name: 'customerId', type: 'S' },
        sortKey: { name: 'customerSortKey', type: 'S' },
        projection: 'ALL',
      },
      {
        // Sparse: only orders with unfinished work (in progress, or events to publish).
        indexName: 'bySweep',
        partitionKey: { name: 'sweepPartition', type: 'S' },
        sortKey: { name: 'sweepAfter', type: 'S' },
        projection: 'KEYS_ONLY',
      },
    ],
    stream: 'NEW_AND_OLD_IMAGES',
  },
  /** Processed event ids (de-duplication) and the mail sent for them. */
  notifications: {
    id: 'notifications',
    owner: 'notifications',
    partitionKey: { name: 'eventId', type: 'S' },
    indexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  /** Order facts for analytics and archival, one item per event; streamed to the exports. */
  analyticsEvents: {
    id: 'analytics-events',
    owner: 'analytics-export',
    partitionKey: { name: 'eventId', type: 'S' },
    indexes: [
      {
        indexName: 'byDay',
        partitionKey: { name: 'day', type: 'S' },
        sortKey: { name: 'occurredAt', type: 'S' },
        projection: 'ALL',
      },
    ],
    stream: 'NEW_IMAGE',
  },
} as const satisfies Record<string, TableDefinition>;

export type TableId = keyof typeof Tables;

export const allTables: readonly TableDefinition[] = Object.values(Tables);

export function tablesOwnedBy(owner: ServiceName): readonly TableDefinition[] {
  return allTables.filter((table) => table.owner === owner);
}

export function physicalTableName(prefix: string, table: TableDefinition): string {
  return `${prefix}${table.id}`;
}
