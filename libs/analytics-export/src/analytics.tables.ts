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
} as const satisfies Record<string, TableDefinition>;
