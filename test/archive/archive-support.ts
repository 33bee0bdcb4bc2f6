import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '@gomart/dynamo';
import type { StoredOrder } from '@gomart/orders';
import { ShopHistory, type HistoricOrder } from '../../apps/gomart/src/history/shop-history';

/** Placeholder credentials: moto accepts any. */
export function motoS3(endpoint: string): S3Client {
  return new S3Client({ region: 'ap-southeast-2', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** An archive bucket as deploy/ makes it: versioned with Object Lock (moto does not enforce retention). */
export async function createArchiveBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true, CreateBucketConfiguration: { LocationConstraint: 'ap-southeast-2' } }));
}

export async function listKeys(s3: S3Client, bucket: string, prefix = 'orders/'): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function getObject(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await output.Body!.transformToByteArray());
}

/** Every line of a .jsonl.gz archive object, parsed. */
export function archivedLines(body: Buffer): { order: Record<string, unknown>; sealed?: unknown }[] {
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { order: Record<string, unknown> });
}

export interface OldOrders {
  readonly history: ShopHistory;
  readonly orders: HistoricOrder[];
}

/**
 * A generated shop history (the seeder's own code), ending `endDaysAgo` days ago, with a
 * delivery address and an e-mail on every order, as orders placed in the storefront have.
 */
export function oldOrders(options: { customers: number; days: number; endDaysAgo: number; seed?: number }): OldOrders {
  const today = new Date(Date.now() - options.endDaysAgo * 86_400_000).toISOString().slice(0, 10);
  const history = new ShopHistory({
    days: options.days,
    customers: options.customers,
    seed: options.seed ?? 3,
    products: 300,
    weightBufferPercent: 10,
    cutoffMinutes: 120,
    today,
  });
  const orders = [...history.orders()].map(({ order, events }) => ({ order: withPersonalData(order), events }));
  return { history, orders };
}

export function withPersonalData(order: StoredOrder): StoredOrder {
  const name = `Pat ${order.customerId.replace(/[^a-z0-9]/gi, '')}`;
  return {
    ...order,
    email: `${order.customerId}@example.com`,
    deliveryAddress: { name, line1: `${order.id.length * 7} Privacy Lane ${order.customerId}`, city: 'Sydney', postcode: '2000', country: 'AU' },
  };
}

/** Writes orders into the order table as the repository stores them (with the byCustomer key). */
export async function putOrders(client: DynamoDBDocumentClient, table: string, orders: readonly StoredOrder[]): Promise<void> {
  await batchWriteAll(
    client,
    table,
    orders.map((order) => ({ PutRequest: { Item: { ...order, customerSortKey: `${order.createdAt}#${order.id}` } } })),
  );
}

export async function scanAll(client: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
