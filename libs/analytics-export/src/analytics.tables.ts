import type { TableDefinition } from '@gomart/dynamo';

/** The analytics-export service's tables. */
export const AnalyticsTables = {
  /** Order facts for analytics and archival, one item per event; streamed to the exports. */
  analyticsEvents: {
    id: 'analytics-events',
    owner: 'analytics-export',
    partitionKey: { name: 'eventId', type: 'S' },
    indexes: {
      /** A day's facts in time order; sparse: a fact joins it once recorded. */
      byDay: { partitionKey: { name: 'day', type: 'S' }, sortKey: { name: 'occurredAt', type: 'S' }, projection: 'ALL' },
    },
    stream: 'NEW_IMAGE',
  },
  /**
   * The dashboard's daily counters, per day: `sales`, `picking`, and the products' counters
   * (aisles are summed from these) packed into `products#<shard>` items — kept from the facts as
   * they are recorded, so a dashboard request reads a fixed number of items per day, never orders.
   */
  analyticsDaily: {
    id: 'analytics-daily',
    owner: 'analytics-export',
    partitionKey: { name: 'day', type: 'S' },
    sortKey: { name: 'key', type: 'S' },
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;
