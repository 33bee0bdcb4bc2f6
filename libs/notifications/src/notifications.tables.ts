import type { TableDefinition } from '@gomart/dynamo';

/** The notifications service's tables. */
export const NotificationTables = {
  /** One record per order event handled: the claim that makes a mail go out once, then what was sent. */
  notifications: {
    id: 'notifications',
    owner: 'notifications',
    partitionKey: { name: 'eventId', type: 'S' },
    indexes: {},
    timeToLiveAttribute: 'expiresAt',
  },
} as const satisfies Record<string, TableDefinition>;
