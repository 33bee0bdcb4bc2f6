import { randomUUID } from 'node:crypto';
import { CATALOG_PORT, type CatalogPort } from '@gomart/contracts';
import { DynamoConnection, EmbeddedDynamo } from '@gomart/dynamo';
import { fingerprintOf, ORDER_REPOSITORY, orderIdFor, PlacementAttempt, type OrderRepository, type StoredOrder } from '@gomart/orders';
import { OrderSweeper } from '@gomart/orders';
import { PausableProxy, pickAsOrdered, storedStock, TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * The rules of placement and of the lifecycle that only show at the edges: a repeat of an
 * order still in progress, a slow attempt overtaken by the sweeper, a database that stops
 * answering mid-placement, currencies, the end of the lifecycle, oversized bodies.
 */
const LEASE_MS = 3000;
let dynamo: EmbeddedDynamo;
let proxy: PausableProxy;
let shop: TestApp;
let db: DynamoConnection;
let admin: string;
let staff: string;

beforeAll(async () => {
  // The shop's database sits behind a proxy the test can pause, to make calls time out.
  dynamo = await EmbeddedDynamo.start();
  proxy = await PausableProxy.start(dynamo.endpoint);
  shop = await TestApp.start(GomartModule, {
    env: {
      DYNAMODB_ENDPOINT: proxy.url,
      DYNAMODB_TIMEOUT_MS: '400',
      SEED_PRODUCT_COUNT: '20',
      CACHE_MEMORY_TTL_MS: '0',
      ORDER_SWEEP_INTERVAL_MS: '0',
      ORDER_LEASE_MS: String(LEASE_MS),
      ORDER_REPLAY_WAIT_MS: '300',
    },
  });
  db = shop.app.get(DynamoConnection);
  admin = shop.token('ada', ['admin']);
  staff = shop.token('sam', ['staff']);
});

afterAll(async () => {
  proxy.resume();
  await shop.close();
  await proxy.stop();
  await dynamo.stop();
});

let sku = 0;
async function newProduct(stock: number, currency = 'AUD'): Promise<string> {
  sku += 1;
  const response = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku: `RL-${String(sku).padStart(5, '0')}`, name: `Rule Item ${sku}`, brand: 'Test', category: 'pantry', priceCents: 300, currency, unit: 'each', stock },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const post = (token: string, lines: { productId: string; quantity: number }[], key = randomUUID()) =>
  shop.request('/orders', { method: 'POST', token, headers: { 'idempotency-key': key }, body: { lines } });

/** An order claimed by an attempt that is not this request: what a concurrent or crashed placement leaves. */
async function claimedElsewhere(customer: string, key: string, lines: { productId: string; quantity: number }[], leaseUntil: number) {
  const id = orderIdFor(customer, key);
  const now = new Date().toISOString();
  const order: StoredOrder = {
    id,
    customerId: customer,
    idempotencyKey: key,
    // What the HTTP edge makes of `{ lines }`: every line's substitute preference defaults to similar.
    fingerprint: fingerprintOf({ lines: lines.map((line) => ({ ...line, substitute: 'similar' })) }),
    status: 'PENDING',
    lines: lines.map((line) => ({
      ...line,
      sku: line.productId.toUpperCase(),
      name: 'Rule Item',
      category: 'pantry',
      soldBy: 'each' as const,
      unitPriceCents: 300,
      lineTotalCents: 300 * line.quantity,
      authorisedCents: 300 * line.quantity,
      substitute: 'similar' as const,
    })),
    subtotalCents: lines.reduce((sum, line) => sum + 300 * line.quantity, 0),
    deliveryFeeCents: 0,
    totalCents: lines.reduce((sum, line) => sum + 300 * line.quantity, 0),
    authorisedCents: lines.reduce((sum, line) => sum + 300 * line.quantity, 0),
    currency: 'AUD',
    timeline: [{ status: 'PENDING', at: now }],
    createdAt: now,
    updatedAt: now,
    outbox: {},
    work: {},
    attempt: `elsewhere-${randomUUID()}`,
    leaseUntil,
  };
  expect(await shop.app.get<OrderRepository>(ORDER_REPOSITORY).claim(order)).toBe(true);
  return order;
}

describe('an order still being placed', () => {
  it('answers a repeat 409 ORDER_IN_PROGRESS once the replay wait is over, and places nothing twice', async () => {
    const product = await newProduct(5);
    const key = randomUUID();
    const lines = [{ productId: product, quantity: 1 }];
    await claimedElsewhere('carol', key, lines, Date.now() + 60_000);
    const repeat = await post(shop.token('carol'), lines, key);
    expect(repeat.status).toBe(409);
    expect(repeat.body).toMatchObject({ code: 'ORDER_IN_PROGRESS', details: { orderId: orderIdFor('carol', key) } });
    expect(await storedStock(db, product)).toMatchObject({ stock: 5, reserved: 0 });
  });

  it('stops an attempt that has used half its lease: ORDER_IN_PROGRESS, nothing reserved', async () => {
    const product = await newProduct(5);
    const order = await claimedElsewhere('dave', randomUUID(), [{ productId: product, quantity: 2 }], Date.now() + LEASE_MS / 4);
    await expect(shop.app.get(PlacementAttempt).run(order)).rejects.toMatchObject({ code: 'ORDER_IN_PROGRESS' });
    expect(await storedStock(db, product)).toMatchObject({ stock: 5, reserved: 0 });
  });

  it('takes over a slow attempt once its lease has passed; the slow one can no longer decide', async () => {
    const [first, second] = [await newProduct(5), await newProduct(5)];
    const key = randomUUID();
    const lines = [{ productId: first, quantity: 1 }, { productId: second, quantity: 2 }];
    const slow = await claimedElsewhere('erin', key, lines, Date.now() - 1);
    // The slow attempt had reserved its first line before it stalled.
    await shop.app.get<CatalogPort>(CATALOG_PORT).reserve({ productId: first, orderId: slow.id, quantity: 1 });

    await shop.app.get(OrderSweeper).sweepOnce();
    const order = await shop.request(`/orders/${slow.id}`, { token: shop.token('erin') });
    expect(order.body.status).toBe('PLACED');
    expect(await storedStock(db, first)).toMatchObject({ stock: 4, held: 1, reservations: {} });
    expect(await storedStock(db, second)).toMatchObject({ stock: 3, held: 2, reservations: {} });
    const repository = shop.app.get<OrderRepository>(ORDER_REPOSITORY);
    expect(await repository.decide(slow.id, slow.attempt!, { status: 'REJECTED', rejection: { code: 'OUT_OF_STOCK', lines: [] } }, ['release'], new Date().toISOString())).toBe(false);
    // The customer's retry answers the order the sweeper placed.
    expect((await post(shop.token('erin'), lines, key)).body).toMatchObject({ id: slow.id, status: 'PLACED' });
  });
});

describe('a database that stops answering mid-placement', () => {
  it('is a 503 naming the order with Retry-After, and the same key places it once the database is back', async () => {
    const product = await newProduct(5);
    const key = randomUUID();
    const token = shop.token('frank');
    proxy.pause();
    const stalled = await post(token, [{ productId: product, quantity: 1 }], key);
    proxy.resume();
    expect(stalled.status).toBe(503);
    expect(stalled.headers.get('retry-after')).toBe('1');
    expect(stalled.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { orderId: orderIdFor('frank', key) } });

    await shop.app.get(OrderSweeper).sweepOnce(Date.now() + LEASE_MS + 1);
    const retried = await post(token, [{ productId: product, quantity: 1 }], key);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(orderIdFor('frank', key));
    expect(await storedStock(db, product)).toMatchObject({ stock: 4, held: 1, reservations: {} });
  });
});

describe('the rules of a basket', () => {
  it('refuses products in two currencies with 422 MIXED_CURRENCY, reserving nothing', async () => {
    const [aud, nzd] = [await newProduct(5), await newProduct(5, 'NZD')];
    const response = await post(shop.token('gina'), [{ productId: aud, quantity: 1 }, { productId: nzd, quantity: 1 }]);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'MIXED_CURRENCY', details: { currencies: expect.arrayContaining(['AUD', 'NZD']) } });
    expect(await storedStock(db, aud)).toMatchObject({ stock: 5, reserved: 0 });
  });

  it('refuses a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const lines = Array.from({ length: 3000 }, (_, index) => ({ productId: `pt-${String(index).padStart(6, '0')}`, quantity: 1 }));
    const response = await post(shop.token('gina'), lines);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('the end of the lifecycle', () => {
  it('lets staff cancel an order out for delivery, restocking it, and nobody moves a delivered one', async () => {
    const product = await newProduct(6);
    const customer = shop.token('hana');
    const move = (id: string, status: string) => shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status } });

    const cancelled = (await post(customer, [{ productId: product, quantity: 2 }])).body.id as string;
    expect((await move(cancelled, 'PICKING')).status).toBe(200);
    await pickAsOrdered(shop, cancelled, staff);
    expect((await move(cancelled, 'OUT_FOR_DELIVERY')).status).toBe(200);
    expect((await move(cancelled, 'CANCELLED')).body.status).toBe('CANCELLED');
    expect(await storedStock(db, product)).toMatchObject({ stock: 6, held: 0, sold: 0 });

    const delivered = (await post(customer, [{ productId: product, quantity: 1 }])).body.id as string;
    for (const status of ['PICKING', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
      if (status === 'OUT_FOR_DELIVERY') await pickAsOrdered(shop, delivered, staff);
      expect((await move(delivered, status)).status).toBe(200);
    }
    for (const status of ['CANCELLED', 'PICKING']) {
      const refused = await move(delivered, status);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'DELIVERED', to: status, allowed: [] } });
    }
    const cancelByCustomer = await shop.request(`/orders/${delivered}/cancel`, { method: 'POST', token: customer });
    expect(cancelByCustomer.body).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'DELIVERED', allowed: [] } });
    expect(await storedStock(db, product)).toMatchObject({ stock: 5, held: 0, sold: 1 });
  });
});
