import type { TableDefinition } from '@gomart/dynamo';

/** The orders service's tables. */
export const OrderTables = {
  /** One item per order; the outbox of events to publish is stored on the order item. */
  orders: {
    id: 'orders',
    owner: 'orders',
    partitionKey: { name: 'id', type: 'S' },
    indexes: {
      /** A customer's orders, newest first (`customerSortKey` = createdAt#id). */
      byCustomer: { partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'customerSortKey', type: 'S' }, projection: 'ALL' },
      /** The staff's order board: a day's orders (`boardDay` = the slot's local day, else the day placed), by slot start. */
      byBoardDay: { partitionKey: { name: 'boardDay', type: 'S' }, sortKey: { name: 'boardSortKey', type: 'S' }, projection: 'ALL' },
      /** Sparse: only orders with unfinished work (in progress, stock to move, events to publish). */
      bySweep: { partitionKey: { name: 'sweepPartition', type: 'S' }, sortKey: { name: 'sweepAfter', type: 'S' }, projection: 'KEYS_ONLY' },
    },
    stream: 'NEW_AND_OLD_IMAGES',
  },
  /**
   * The archive's index and bookkeeping (see libs/orders/src/archive): where each archived
   * order is (`order#<id>`), a customer's archived orders by month (`customer#<id>`, sorted
   * `createdAt#id` like the hot table's byCustomer), each customer's sealing key, the journal
   * of batches, and the runner's lease.
   */
  orderArchive: {
    id: 'order-archive',
    owner: 'orders',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;
