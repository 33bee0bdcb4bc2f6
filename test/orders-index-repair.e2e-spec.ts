import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import { DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { OrderSweeper } from '@gomart/orders';
import { connectTestDynamo, ServiceProcess, storedStock, TestApp, TestTables as Tables, waitFor } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * The embedded engine (dynalite on disk) writes an item's index entries and the item itself as
 * separate steps, so a `kill -9` between them leaves index entries pointing at nothing
 * (ghosts, which showed as orders in `GET /orders`) and items missing from an index (a PENDING
 * order the sweeper never finds, holding stock for ever). The tests make those states exactly
 * — a real crash, then the engine's own files edited as the crash would have left them — and
 * check the recovery: an index repair at start, and a sweeper that pages past ghosts.
 */
// dynalite's storage (a dependency of dynalite): the test edits it as a crash would have left it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ClassicLevel } = require('classic-level') as { ClassicLevel: new (path: string, options: object) => LevelDb };
interface LevelDb {
  iterator(): AsyncIterable<[string, { id?: { S?: string } }]>;
  del(key: string): Promise<void>;
  close(): Promise<void>;
}

let dataDir: string;
const running: ServiceProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gomart-repair-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
  await rm(dataDir, { recursive: true, force: true });
});

/** Deletes, in the engine's files, the items with `itemIds` (their index entries stay: ghosts) and the `index` entries of `unindexIds`. */
async function crashLeftovers(path: string, table: string, itemIds: readonly string[], index: string, unindexIds: readonly string[]): Promise<void> {
  const db = new ClassicLevel(path, { valueEncoding: 'json' });
  try {
    for await (const [key, value] of db.iterator()) {
      const id = value?.id?.S;
      if (!id) continue;
      if (key.startsWith(`item-${table}~`) && itemIds.includes(id)) await db.del(key);
      if (key.startsWith(`index-global~${table}~${index}~`) && unindexIds.includes(id)) await db.del(key);
    }
  } finally {
    await db.close();
  }
}

/** Puts copies of an order under new ids (each lands in every index), to become ghosts. */
async function copiesOf(connection: DynamoConnection, orderId: string, count: number, sweepAfter?: (index: number) => string): Promise<string[]> {
  const table = connection.tableName(Tables.orders);
  const { Item } = await connection.client.send(new GetCommand({ TableName: table, Key: { id: orderId } }));
  const ids = Array.from({ length: count }, () => `ghost-${randomUUID()}`);
  for (const [index, id] of ids.entries()) {
    await connection.client.send(
      new PutCommand({
        TableName: table,
        Item: { ...Item, id, customerSortKey: `${String(Item?.createdAt)}#${id}`, sweepPartition: 'due', ...(sweepAfter ? { sweepAfter: sweepAfter(index) } : {}) },
      }),
    );
  }
  return ids;
}

it('repairs the indexes at start after a kill -9: the PENDING order missing from the sweep index is placed, ghosts are gone from GET /orders', async () => {
  const shop = (env: Record<string, string>) => {
    const service = ServiceProcess.start({
      app: 'gomart',
      env: { NODE_ENV: 'test', DATA_DIR: dataDir, DATA_IN_MEMORY: 'false', SEED_PRODUCT_COUNT: '0', CACHE_MEMORY_TTL_MS: '0', ORDER_LEASE_MS: '1000', ...env },
    });
    running.push(service);
    return service;
  };
  const issuer: LocalIssuer = await loadLocalIssuer(join(dataDir, 'keys'));
  const customer = issuer.sign({ sub: 'repair-customer' });
  const first = shop({ ORDER_FAULT: 'crash-after-reserving:1', ORDER_SWEEP_INTERVAL_MS: '0' });
  const url = await first.url;
  const products = await Promise.all(
    [6, 6].map(async (stock, index) => {
      const response = await fetch(`${url}/catalog/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${issuer.sign({ sub: 'ada', groups: ['admin'] })}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sku: `RP-${index}`, name: `Repair ${index}`, brand: 'Test', category: 'pantry', priceCents: 100, unit: 'each', stock }),
      });
      return ((await response.json()) as { id: string }).id;
    }),
  );
  const placing = fetch(`${url}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ lines: products.map((productId) => ({ productId, quantity: 2 })) }),
  });
  await expect(placing).rejects.toThrow();
  // The shop killed itself (SIGKILL) with the order PENDING, holding a reservation.
  expect((await first.exited).signal).toBe('SIGKILL');

  const path = join(dataDir, 'dynamodb');
  const engine = await EmbeddedDynamo.start(path);
  const connection = await connectTestDynamo(engine.endpoint);
  const table = connection.tableName(Tables.orders);
  const { Items: pending = [] } = await connection.client.send(
    new QueryCommand({ TableName: table, IndexName: 'byCustomer', KeyConditionExpression: 'customerId = :c', ExpressionAttributeValues: { ':c': 'repair-customer' } }),
  );
  expect(pending.map((order) => order.status)).toEqual(['PENDING']);
  const orderId = String(pending[0]!.id);
  const ghosts = await copiesOf(connection, orderId, 5);
  await connection.close();
  await engine.stop();
  // What a kill -9 between the index writes and the item write leaves: entries without items,
  // and an item without its sweep entry.
  await crashLeftovers(path, table, ghosts, 'bySweep', [orderId]);

  const second = shop({ ORDER_SWEEP_INTERVAL_MS: '200' });
  const secondUrl = await second.url;
  await waitFor('the order to be placed', async () => {
    const response = await fetch(`${secondUrl}/orders/${orderId}`, { headers: { authorization: `Bearer ${customer}` } });
    const body = (await response.json()) as { status?: string };
    return body.status === 'PLACED' ? true : undefined;
  });
  const mine = (await (await fetch(`${secondUrl}/orders`, { headers: { authorization: `Bearer ${customer}` } })).json()) as { items: { id: string }[] };
  expect(mine.items.map((order) => order.id)).toEqual([orderId]);
  expect(second.logs.some((line) => String(line.msg).includes('index repair'))).toBe(true);
  await second.stop('SIGKILL');
  await second.exited;

  const after = await EmbeddedDynamo.start(path);
  const check = await connectTestDynamo(after.endpoint);
  try {
    for (const productId of products) expect(await storedStock(check, productId)).toMatchObject({ stock: 4, held: 2, reservations: {} });
  } finally {
    await check.close();
    await after.stop();
  }
}, 120_000);

it('sweeps past 120 ghost entries to the order behind them', async () => {
  const path = join(dataDir, 'store');
  let engine = await EmbeddedDynamo.start(path);
  const env = { DYNAMODB_ENDPOINT: engine.endpoint, SEED_PRODUCT_COUNT: '20', CACHE_MEMORY_TTL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0', ORDER_LEASE_MS: '1000' };
  let shop = await TestApp.start(GomartModule, { env, dataDir });
  const placed = await shop.request('/orders', {
    method: 'POST',
    token: shop.token('sweep-customer'),
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId: 'fv-000001', quantity: 1 }] },
  });
  expect(placed.status).toBe(201);
  const connection = shop.app.get(DynamoConnection);
  const table = connection.tableName(Tables.orders);
  // 120 ghosts due long ago, and behind them (due later) an order with its outbox to publish.
  const ghosts = await copiesOf(connection, placed.body.id as string, 120, (index) => new Date(Date.UTC(2020, 0, 1, 0, 0, index)).toISOString());
  const behind = `behind-${randomUUID()}`;
  const { Item } = await connection.client.send(new GetCommand({ TableName: table, Key: { id: placed.body.id as string } }));
  await connection.client.send(
    new PutCommand({ TableName: table, Item: { ...Item, id: behind, customerSortKey: `x#${behind}`, sweepPartition: 'due', sweepAfter: '2021-01-01T00:00:00.000Z' } }),
  );
  await shop.close();
  await engine.stop();
  await crashLeftovers(path, table, ghosts, 'none', []);

  // Through an endpoint (not embedded): no repair at start, the sweeper meets the ghosts.
  engine = await EmbeddedDynamo.start(path);
  shop = await TestApp.start(GomartModule, { env: { ...env, DYNAMODB_ENDPOINT: engine.endpoint }, dataDir });
  try {
    const reopened = shop.app.get(DynamoConnection);
    const due = async () =>
      (
        await reopened.client.send(
          new QueryCommand({ TableName: table, IndexName: 'bySweep', KeyConditionExpression: 'sweepPartition = :d', ExpressionAttributeValues: { ':d': 'due' } }),
        )
      ).Items ?? [];
    expect((await due()).length).toBe(121);
    await shop.app.get(OrderSweeper).sweepOnce();
    // The order behind the ghosts was reached and settled; the ghosts are gone.
    expect(await due()).toEqual([]);
  } finally {
    await shop.close();
    await engine.stop();
  }
}, 120_000);
