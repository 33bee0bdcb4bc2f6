// The embedded store's own pace: `node conditional-update-server.js <folder>` answers each HTTP
// request on PORT with one conditional UpdateItem (take one unit of stock if there is one), made
// as the app makes it: the app's DynamoDB connection (embedded dynalite in this process, on
// LevelDB under <folder>, the document client in front). Its requests per second are the store's conditional updates per second, the
// unit the orders rows are also reported in (scenarios.ts).
import './aliases';
import { createServer } from 'node:http';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConnection, type TableDefinition } from '@gomart/dynamo';

const ITEMS = 1000;
const STOCK = 1_000_000_000;
const TABLE: TableDefinition = {
  id: 'bench-stock',
  owner: 'catalog',
  partitionKey: { name: 'pk', type: 'S' },
  indexes: {},
};

async function main(): Promise<void> {
  const [path] = process.argv.slice(2);
  if (!path) throw new Error('usage: PORT=<port> node conditional-update-server.js <folder>');
  const store = await DynamoConnection.open({
    mode: 'embedded',
    embeddedPath: path,
    region: 'ap-southeast-2',
    tablePrefix: '',
    createTables: true,
    timeoutMs: 3000,
  });
  await store.register([TABLE]);
  const TableName = store.tableName(TABLE);
  const take = (n: number) =>
    store.client.send(
      new UpdateCommand({
        TableName,
        Key: { pk: `item-${n % ITEMS}` },
        UpdateExpression: 'SET stock = if_not_exists(stock, :stock) - :one',
        ConditionExpression: 'attribute_not_exists(stock) OR stock >= :one',
        ExpressionAttributeValues: { ':stock': STOCK, ':one': 1 },
      }),
    );
  let sequence = 0;
  const server = createServer((_request, response) => {
    take(sequence++).then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
