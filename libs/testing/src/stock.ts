import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConnection } from '@gomart/dynamo';
import { ALL_TABLES, TestTables } from './tables';

export interface StockState {
  /** Units available to order. */
  readonly stock: number;
  /** Units reserved by placements in progress, by order id. */
  readonly reservations: Readonly<Record<string, number>>;
  /** Units held by placed orders. */
  readonly held: number;
  /** Everything taken from stock and not sold: `held` plus the pending reservations. */
  readonly reserved: number;
  /** Units delivered. */
  readonly sold: number;
}

/** A product's stock as stored (strongly consistent), for asserting `stock + reserved + sold == initial`. */
export async function storedStock(connection: DynamoConnection, productId: string): Promise<StockState> {
  const { Item } = await connection.client.send(
    new GetCommand({ TableName: connection.tableName(TestTables.products), Key: { id: productId }, ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no product ${productId}`);
  const reservations = (Item.reservations ?? {}) as Record<string, number>;
  const held = Number(Item.held ?? 0);
  return {
    stock: Number(Item.stock),
    reservations,
    held,
    reserved: held + Object.values(reservations).reduce((sum, quantity) => sum + quantity, 0),
    sold: Number(Item.sold ?? 0),
  };
}

/** A connection to a test's own DynamoDB-API server, with every table created. */
export async function connectTestDynamo(endpoint: string): Promise<DynamoConnection> {
  const connection = await DynamoConnection.open({
    mode: 'endpoint',
    endpoint,
    region: 'ap-southeast-2',
    tablePrefix: 'gomart-',
    createTables: true,
    timeoutMs: 3000,
  });
  await connection.register(ALL_TABLES);
  return connection;
}
