/**
 * The DynamoDB item actions each table's owner may call, read off the repository code in
 * libs/<domain>/src (every GetCommand, QueryCommand, batchWriteAll, ...). Least privilege
 * means this list follows the code: a new call in a repository needs its action here, and a
 * new table needs an entry (synthesis stops with the table's name until it has one).
 * DescribeTable is every service's readiness check (libs/dynamo DynamoConnection).
 */
export const tableActions: Readonly<Record<string, readonly string[]>> = {
  // dynamo-product.repository.ts: get, batch get (pricing, listing pages), create, the scan the
  // search index is built from, product updates, the seed's batch writes;
  // dynamo-stock-ledger.ts: conditional updates and the reads that explain a failed one.
  products: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Scan',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
  ],
  // dynamo-order.repository.ts: claim (put), read, customer and sweep queries, decisions, clean-up delete;
  // the archiver's paginated scan for decided orders (scanArchivable), its conditional deletes and restores (put).
  orders: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:DescribeTable',
  ],
  // archive/archive-index.ts: the lease (put, update, delete), the batch journal, the index by order and
  // by customer (batch writes, conditional deletes, queries), the sealing keys (get, put).
  'order-archive': [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
  ],
  // dynamo-slot.store.ts: the calendar's conditional puts, a zone's slots by query, every hold,
  // booking and release an update, and the read that explains a refused one.
  'delivery-slots': ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DescribeTable'],
  // order-notifier.ts through IdempotentConsumer: the claim and the record are updates; a refused claim is read.
  notifications: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DescribeTable'],
  // dynamo-order-fact.repository.ts: facts recorded through the same claim; the byDay query for a
  // day; the scan the counters' backfill reads.
  'analytics-events': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable'],
  // daily-counter.store.ts: an atomic ADD per increment, a day's counters by query; the
  // backfill's scan, delete and batch writes.
  'analytics-daily': [
    'dynamodb:UpdateItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
  ],
  // libs/recommendations basket-log.ts through IdempotentConsumer: the claim and the record are
  // updates, a refused claim is read; the rebuild scans the baskets.
  'recommendation-baskets': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Scan', 'dynamodb:DescribeTable'],
  // recommendation.store.ts: an atomic ADD per pair and per product, a product's pairs by query
  // (also the customer's counters, read then conditionally updated); the rebuild's scan, batch
  // writes and deletes.
  'co-purchase': ['dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
  'product-popularity': ['dynamodb:UpdateItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
  'purchase-history': ['dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
};

/** The actions a table's owner gets; throws for a table nobody has listed yet. */
export function actionsFor(tableId: string): readonly string[] {
  const actions = tableActions[tableId];
  if (!actions) {
    throw new Error(
      `Table ${tableId} has no entry in deploy/lib/table-access.ts: list the DynamoDB actions its owner calls.`,
    );
  }
  return actions;
}
