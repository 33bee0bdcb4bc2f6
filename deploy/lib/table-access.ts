/**
 * The DynamoDB item actions each table's owner may call, read off the repository code in
 * libs/<domain>/src (every GetCommand, QueryCommand, batchWriteAll, ...). Least privilege
 * means this list follows the code: a new call in a repository needs its action here, and a
 * new table needs an entry (synthesis stops with the table's name until it has one).
 * DescribeTable is every service's readiness check (libs/dynamo DynamoConnection).
 */
export const tableActions: Readonly<Record<string, readonly string[]>> = {
  // dynamo-product.repository.ts: get, batch get (pricing), create, list (scan) and aisle
  // (byCategory query), stock and product updates, the seed's batch writes.
  products: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
  ],
  // Word entries are written and removed in batches; word counts are ADD updates; search queries.
  'product-search': ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
  // dynamo-order.repository.ts: claim (put), read, customer and sweep queries, decisions, clean-up delete.
  orders: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:DescribeTable',
  ],
  // order-notifier.ts: the processed-event marker is read, then put.
  notifications: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DescribeTable'],
  // order-facts.ts: one put per event, the byDay query for an export.
  'analytics-events': ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DescribeTable'],
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
