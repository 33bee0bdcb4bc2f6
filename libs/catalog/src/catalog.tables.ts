import type { TableDefinition } from '@gomart/dynamo';

/** The catalog's tables; only the catalog service reads or writes them. */
export const CatalogTables = {
  /**
   * One item per product; its stock counters and in-flight reservations live on the item.
   * Listings and search are served by the search index built from this table, not by it.
   */
  products: {
    id: 'products',
    owner: 'catalog',
    partitionKey: { name: 'id', type: 'S' },
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;
