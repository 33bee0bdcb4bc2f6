import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConnection, Tables } from '@gomart/dynamo';

export interface StockState {
  /** Units available to order. */
  readonly stock: number;
  /** Units held by orders, by order id. */
  readonly reservations: Readonly<Record<string, number>>;
  readonly reserved: number;
  /** Units delivered. */
  readonly sold: number;
}

/** A product's stock as stored (strongly consistent), for asserting `stock + reserved + sold`. */
export async function storedStock(connection: DynamoConnection, productId: string): Promise<StockState> {
  const { Item } = await connection.client.send(
    new GetCommand({ TableName: connection.tableName(Tables.products), Key: { id: productId }, ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no product ${productId}`);
  const reservations = (Item.reservations ?? {}) as Record<string, number>;
  return {
    stock: Number(Item.stock),
    reservations,
    reserved: Object.values(reservations).reduce((sum, quantity) => sum + quantity, 0),
    sold: Number(Item.sold ?? 0),
  };
}
