import type { TableDefinition } from '@gomart/dynamo';

/**
 * The recommender's tables, kept by the catalog service (recommendations are catalog reads)
 * from the order events it consumes; nothing else reads or writes them.
 */
export const RecommendationTables = {
  /**
   * One item per consumed event: the IdempotentConsumer's claim, and once done the basket it
   * counted (customer, time, products with their aisle). The rebuild recomputes every counter
   * below from these, as the analytics backfill does from its facts.
   */
  recommendationBaskets: {
    id: 'recommendation-baskets',
    owner: 'catalog',
    partitionKey: { name: 'eventId', type: 'S' },
    indexes: {},
  },
  /**
   * Item-to-item counters: per product (partition) one item per product bought with it, the
   * number of baskets holding both, under both products — "often bought with X" is one query.
   */
  coPurchase: {
    id: 'co-purchase',
    owner: 'catalog',
    partitionKey: { name: 'productId', type: 'S' },
    sortKey: { name: 'otherId', type: 'S' },
    indexes: {},
  },
  /**
   * Baskets per product, partitioned by aisle (the cold-start ranking of an aisle is one
   * query), plus the total of baskets under `#total`: the item counts the cosine divides by.
   */
  productPopularity: {
    id: 'product-popularity',
    owner: 'catalog',
    partitionKey: { name: 'aisle', type: 'S' },
    sortKey: { name: 'productId', type: 'S' },
    indexes: {},
  },
  /**
   * "Buy it again": per customer one item per product they bought (baskets, latest, decayed
   * frequency) and `#latest`, the products of their latest order (the seeds of "for me").
   */
  purchaseHistory: {
    id: 'purchase-history',
    owner: 'catalog',
    partitionKey: { name: 'customerId', type: 'S' },
    sortKey: { name: 'productId', type: 'S' },
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;
