import type { TableDefinition } from '@gomart/dynamo';

/** The catalog's tables; only the catalog service reads or writes them. */
export const CatalogTables = {
  /** One item per product; its stock counters and in-flight reservations live on the item. */
  products: {
    id: 'products',
    owner: 'catalog',
    partitionKey: { name: 'id', type: 'S' },
    indexes: {
      /** An aisle's products in name order (`listKey` = normalised name + id). */
      byCategory: { partitionKey: { name: 'category', type: 'S' }, sortKey: { name: 'listKey', type: 'S' }, projection: 'KEYS_ONLY' },
    },
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
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;
