// A customer is answered once the order is decided; the stock moves and the event (and so the
// mail) follow after the answer. A shop closed right after answering finishes them first.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoConnection } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';
import { storedStock, TestApp, TestTables } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gomart-follow-up-'));
});

afterAll(() => rm(dataDir, { recursive: true, force: true }));

// On disk, so a second start sees what the first left.
const env = { SEED_PRODUCT_COUNT: '5', ORDER_SWEEP_INTERVAL_MS: '0', DATA_IN_MEMORY: 'false' };

it('finishes what an answered order left to do before the shop closes: stock held, event out, one mail', async () => {
  const shop = await TestApp.start(GomartModule, { dataDir, env });
  // A consumer slower than the 2 s a closing server gives idle connections: the event is out
  // of the outbox only once it has it.
  const slow: OrderEvent[] = [];
  shop.app.get(OrderEventConsumers).subscribe('slow-consumer', async (event) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    slow.push(event);
  });
  const created = await shop.request('/catalog/products', {
    method: 'POST',
    token: shop.token('ada', ['admin']),
    body: {
      sku: 'FU-00001',
      name: 'Follow-up Tea',
      brand: 'Test',
      category: 'pantry',
      priceCents: 500,
      unit: 'each',
      stock: 10,
    },
  });
  expect(created.status).toBe(201);
  const productId = created.body.id as string;
  const placed = await shop.request('/orders', {
    method: 'POST',
    token: shop.token('alice'),
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId, quantity: 3 }] },
  });
  expect(placed.status).toBe(201);
  const orderId = placed.body.id as string;
  expect(slow).toHaveLength(0);
  // At once: the follow-up is still waiting on the slow consumer.
  await shop.close();
  expect(slow.map((event) => [event.type, event.orderId])).toEqual([['OrderPlaced', orderId]]);

  const mails = await Promise.all(
    (await readdir(join(dataDir, 'mail'))).map((file) => readFile(join(dataDir, 'mail', file), 'utf8')),
  );
  expect(mails.filter((mail) => mail.includes(orderId))).toHaveLength(1);

  // Reopened on the same data with no sweeper: what is stored is what the first process did.
  const again = await TestApp.start(GomartModule, { dataDir, env });
  try {
    expect(await storedStock(again.app.get(DynamoConnection), productId)).toMatchObject({
      stock: 7,
      held: 3,
      reservations: {},
    });
    const connection = again.app.get(DynamoConnection);
    const { Item } = await connection.client.send(
      new GetCommand({
        TableName: connection.tableName(TestTables.orders),
        Key: { id: orderId },
        ConsistentRead: true,
      }),
    );
    // Placed, its event out of the outbox and nothing left for a sweeper.
    expect(Item).toMatchObject({ status: 'PLACED', outbox: {} });
    expect(Item?.sweepPartition).toBeUndefined();
  } finally {
    await again.close();
  }
});
