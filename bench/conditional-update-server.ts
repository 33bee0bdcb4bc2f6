// The embedded store's own pace: `node conditional-update-server.js <folder>` answers each HTTP
// request on PORT with one conditional UpdateItem (take one unit of stock if there is one), made
// as the app makes it: the app's document client against dynalite in this process, on LevelDB
// under <folder>. Its requests per second are the store's conditional updates per second, the
// unit the orders rows are also reported in (scenarios.ts).
import './aliases';
import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, EmbeddedDynamo, ensureTables, physicalTableName, type TableDefinition } from '@gomart/dynamo';

const ITEMS = 1000;
const STOCK = 1_000_000_000;
const REGION = 'ap-southeast-2';
const TABLE: TableDefinition = {
  id: 'bench-stock',
  owner: 'catalog',
  partitionKey: { name: 'pk', type: 'S' },
  indexes: {},
};

async function main(): Promise<void> {
  const [path] = process.argv.slice(2);
  if (!path) throw new Error('usage: PORT=<port> node conditional-update-server.js <folder>');
  const store = await EmbeddedDynamo.start(path);
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  await ensureTables(new DynamoDBClient({ region: REGION, endpoint: store.endpoint, credentials }), '', [TABLE]);
  const client = createDocumentClient({ region: REGION, endpoint: store.endpoint, timeoutMs: 3000 });
  const TableName = physicalTableName('', TABLE);
  const take = (n: number) =>
    client.send(
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
