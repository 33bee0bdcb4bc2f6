import type { TableDefinition } from '@gomart/dynamo';

/** The fulfilment module's tables (run by the orders service: holds become bookings as orders are placed). */
export const FulfilmentTables = {
  /**
   * One item per delivery slot of a zone, sorted by start (`slotId` is `zone-YYYYMMDD-HHMM`).
   * Its counters keep `booked + held + free == capacity`; the holds and bookings it counts are
   * maps on the item (at most `capacity` entries each), so every move is one conditional write.
   */
  deliverySlots: {
    id: 'delivery-slots',
    owner: 'orders',
    partitionKey: { name: 'zoneId', type: 'S' },
    sortKey: { name: 'slotId', type: 'S' },
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;
