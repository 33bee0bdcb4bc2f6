import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOG_PORT, type CatalogPort, type OrderEvent } from '@gomart/contracts';
import { DynamoConnection } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';
import { OrderSweeper } from '@gomart/orders';
import { pickAsOrdered, storedStock, TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

let shop: TestApp;
let dynamo: DynamoConnection;
let admin: string;
let staff: string;
let alice: string;
let bob: string;
const events: OrderEvent[] = [];
let failNextDelivery = false;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, {
    env: {
      SEED_PRODUCT_COUNT: '50',
      // Reads of stock go to the table, so tests see exact numbers.
      CACHE_MEMORY_TTL_MS: '0',
      // Sweeps run when the test says so.
      ORDER_SWEEP_INTERVAL_MS: '0',
      ORDER_LEASE_MS: '3000',
    },
  });
  dynamo = shop.app.get(DynamoConnection);
  shop.app.get(OrderEventConsumers).subscribe('test-recorder', async (event) => {
    if (failNextDelivery) {
      failNextDelivery = false;
      throw new Error('consumer unavailable (injected)');
    }
    events.push(event);
  });
  admin = shop.token('ada', ['admin']);
  staff = shop.token('sam', ['staff']);
  alice = shop.token('alice');
  bob = shop.token('bob');
});

afterAll(() => shop.close());

let skuCounter = 0;
async function newProduct(stock: number, priceCents = 250): Promise<string> {
  skuCounter += 1;
  const sku = `TS-${String(skuCounter).padStart(5, '0')}`;
  const response = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku, name: `Test Item ${skuCounter}`, brand: 'Test', category: 'pantry', priceCents, unit: 'each', stock },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

function placeOrder(token: string, lines: { productId: string; quantity: number }[], key: string = randomUUID(), extra = {}) {
  return shop.request('/orders', { method: 'POST', token, headers: { 'idempotency-key': key }, body: { lines, ...extra } });
}

const eventsFor = (orderId: string) => events.filter((event) => event.orderId === orderId);

describe('placing an order', () => {
  it('prices it from the catalog, reserves stock, stores it and tells the customer', async () => {
    const milk = await newProduct(10, 320);
    const bread = await newProduct(5, 450);
    const slots = await shop.request('/fulfilment/slots?postcode=2000');
    const slot = (slots.body.items as { id: string; bookable: boolean; feeCents: number }[]).find((candidate) => candidate.bookable)!;
    const hold = await shop.request('/fulfilment/slot-holds', { method: 'POST', token: alice, body: { slotId: slot.id } });
    expect(hold.status).toBe(201);
    const placed = await placeOrder(alice, [{ productId: milk, quantity: 2 }, { productId: bread, quantity: 1 }], randomUUID(), {
      deliveryAddress: { line1: '1 George St', city: 'Sydney', postcode: '2000', country: 'AU' },
      slotHoldId: hold.body.id,
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'PLACED',
      subtotalCents: 2 * 320 + 450,
      deliveryFeeCents: slot.feeCents,
      totalCents: 2 * 320 + 450 + slot.feeCents,
      currency: 'AUD',
      lines: [
        { productId: milk, quantity: 2, unitPriceCents: 320, lineTotalCents: 640, name: expect.stringContaining('Test Item'), substitute: 'similar' },
        { productId: bread, quantity: 1, unitPriceCents: 450, lineTotalCents: 450 },
      ],
      slot: { id: slot.id, feeCents: slot.feeCents },
    });
    expect((await shop.request(`/fulfilment/slot-holds/${hold.body.id}`, { token: alice })).body).toMatchObject({ status: 'booked', orderId: placed.body.id });
    const id = placed.body.id as string;

    // Placed: the reservation has moved into the product's held total; nothing is left pending.
    expect(await storedStock(dynamo, milk)).toMatchObject({ stock: 8, held: 2, reserved: 2, sold: 0, reservations: {} });
    expect((await shop.request(`/catalog/products/${milk}`)).body.stock).toBe(8);
    expect((await shop.request(`/orders/${id}`, { token: alice })).body).toEqual(placed.body);

    expect(eventsFor(id).map((event) => event.type)).toEqual(['OrderPlaced']);
    expect((await readdir(join(shop.dataDir, 'mail'))).filter((file) => file.startsWith(eventsFor(id)[0]!.eventId))).toHaveLength(1);
    const sales = await shop.request(`/analytics/sales?day=${new Date().toISOString().slice(0, 10)}`, { token: admin });
    expect(sales.body.ordersPlaced).toBeGreaterThanOrEqual(1);
  });

  it('never oversells: 200 concurrent single-unit orders for 50 units, and same-key retries settle on exactly 50', async () => {
    const scarce = await newProduct(50);
    const rush = Array.from({ length: 200 }, (_, index) => ({ token: shop.token(`rush-${index}`), key: randomUUID() }));
    const place = ({ token, key }: { token: string; key: string }) => placeOrder(token, [{ productId: scarce, quantity: 1 }], key);
    // "Not decided yet, retry with the same key": what a busy machine may answer instead of waiting.
    const undecided = (response: { status: number; body: { code?: string } }) =>
      response.status === 503 || (response.status === 409 && response.body.code === 'ORDER_IN_PROGRESS');

    let responses = await Promise.all(rush.map(place));
    for (let round = 0; ; round++) {
      for (const response of responses) {
        expect([201, 409, 503]).toContain(response.status);
        if (response.status === 503) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Never more placed than there was stock, at any point.
      expect(responses.filter((response) => response.status === 201).length).toBeLessThanOrEqual(50);
      if (!responses.some(undecided) || round === 30) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      responses = await Promise.all(
        responses.map((response, index) => (undecided(response) ? place(rush[index]!) : Promise.resolve(response))),
      );
    }

    const placed = responses.filter((response) => response.status === 201);
    const rejected = responses.filter((response) => response.status === 409);
    expect(placed).toHaveLength(50);
    expect(rejected).toHaveLength(150);
    for (const response of rejected) {
      expect(response.body).toMatchObject({
        code: 'OUT_OF_STOCK',
        details: { orderId: expect.any(String), lines: [{ productId: scarce, requested: 1, available: 0 }] },
      });
    }
    expect(await storedStock(dynamo, scarce)).toMatchObject({ stock: 0, reserved: 50, sold: 0 });
    const rejectedOrder = await shop.request(`/orders/${rejected[0]!.body.details.orderId}`, { token: rush[responses.indexOf(rejected[0]!)]!.token });
    expect(rejectedOrder.body.status).toBe('REJECTED');
  }, 120_000);

  it('rejects a basket short of one product and reserves nothing of the others', async () => {
    const plenty = await newProduct(20);
    const scarce = await newProduct(1);
    const response = await placeOrder(alice, [{ productId: plenty, quantity: 3 }, { productId: scarce, quantity: 2 }]);
    expect(response.status).toBe(409);
    expect(response.body.details.lines).toEqual([{ productId: scarce, requested: 2, available: 1 }]);
    expect(await storedStock(dynamo, plenty)).toMatchObject({ stock: 20, reserved: 0 });
    expect(await storedStock(dynamo, scarce)).toMatchObject({ stock: 1, reserved: 0 });
  });
});

describe('idempotency', () => {
  it('answers a repeat with the same order and reserves once', async () => {
    const product = await newProduct(10);
    const key = randomUUID();
    const first = await placeOrder(alice, [{ productId: product, quantity: 3 }], key);
    const again = await placeOrder(alice, [{ productId: product, quantity: 3 }], key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 7, reserved: 3 });
    expect(eventsFor(first.body.id as string)).toHaveLength(1);
  });

  it('gives concurrent repeats the same order', async () => {
    const product = await newProduct(10);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 10 }, () => placeOrder(alice, [{ productId: product, quantity: 2 }], key)));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 8, reserved: 2 });
    expect(eventsFor(responses[0]!.body.id as string)).toHaveLength(1);
  });

  it('refuses the same key with a different body, and replays a rejection as the same 409', async () => {
    const product = await newProduct(2);
    const key = randomUUID();
    expect((await placeOrder(alice, [{ productId: product, quantity: 1 }], key)).status).toBe(201);
    const reused = await placeOrder(alice, [{ productId: product, quantity: 2 }], key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const shortKey = randomUUID();
    const short = await placeOrder(alice, [{ productId: product, quantity: 5 }], shortKey);
    const shortAgain = await placeOrder(alice, [{ productId: product, quantity: 5 }], shortKey);
    expect(short.status).toBe(409);
    expect(shortAgain.status).toBe(409);
    expect(shortAgain.body).toEqual(short.body);
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 1, reserved: 1 });
  });

  it('scopes keys per customer', async () => {
    const product = await newProduct(10);
    const key = randomUUID();
    const mine = await placeOrder(alice, [{ productId: product, quantity: 1 }], key);
    const theirs = await placeOrder(bob, [{ productId: product, quantity: 4 }], key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 5, reserved: 5 });
  });

  it.each([
    [undefined, 'the Idempotency-Key header is required'],
    ['short', 'Idempotency-Key must be'],
    ['has spaces in it', 'Idempotency-Key must be'],
  ])('needs a well-formed Idempotency-Key (%s)', async (key, problem) => {
    const product = await newProduct(3);
    const response = await shop.request('/orders', {
      method: 'POST',
      token: alice,
      headers: key === undefined ? {} : { 'idempotency-key': key },
      body: { lines: [{ productId: product, quantity: 1 }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.details.fields[0]).toMatchObject({ field: 'Idempotency-Key' });
    expect(response.body.details.fields[0].problems[0]).toContain(problem);
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 3, reserved: 0 });
  });
});

describe('bad orders are refused and store nothing', () => {
  let product: string;
  beforeAll(async () => {
    product = await newProduct(100);
  });

  afterEach(async () => {
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 100, reserved: 0 });
  });

  it('names unknown products with 422', async () => {
    const response = await placeOrder(alice, [{ productId: product, quantity: 1 }, { productId: 'no-such-thing', quantity: 1 }]);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'UNKNOWN_PRODUCT', details: { productIds: ['no-such-thing'] } });
  });

  it.each([
    [{ lines: [{ quantity: 0 }] }, 'lines.0.quantity'],
    [{ lines: [{ quantity: -1 }] }, 'lines.0.quantity'],
    [{ lines: [{ quantity: 1.5 }] }, 'lines.0.quantity'],
    [{ lines: [{ quantity: '2' }] }, 'lines.0.quantity'],
    [{ lines: [{ quantity: 21 }] }, 'lines.0.quantity'],
    [{ lines: [{ quantity: 1, price: 1 }] }, 'lines.0.price'],
    [{ lines: [{ quantity: 1 }], price: 1 }, 'price'],
    [{ lines: [{ quantity: 1 }], status: 'DELIVERED' }, 'status'],
    [{ lines: [{ quantity: 1 }], customerId: 'bob' }, 'customerId'],
    [{ lines: [] }, 'lines'],
    [{ lines: 'everything' }, 'lines'],
    [{ lines: [{ quantity: 1 }, { quantity: 1 }] }, 'lines.1.productId'],
    [{ lines: [{ quantity: 1 }], slotHoldId: 'tuesday morning' }, 'slotHoldId'],
    [{ lines: [{ quantity: 1, substitute: 'ANY' }] }, 'lines.0.substitute'],
    [{ lines: [{ quantity: 1 }], deliveryAddress: [] }, 'deliveryAddress'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const lines = Array.isArray(body.lines) ? body.lines.map((line) => ({ productId: product, ...line })) : body.lines;
    const response = await shop.request('/orders', {
      method: 'POST',
      token: alice,
      headers: { 'idempotency-key': randomUUID() },
      body: { ...body, lines },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.fields.map((problem: { field: string }) => problem.field)).toContain(field);
  });

  it('caps the number of lines', async () => {
    const lines = Array.from({ length: 51 }, (_, index) => ({ productId: `p-${index}`, quantity: 1 }));
    const response = await placeOrder(alice, lines);
    expect(response.status).toBe(400);
    expect(response.body.details.fields[0]).toEqual({ field: 'lines', problems: ['at most 50 lines per order'] });
  });

  it('needs a signed-in customer', async () => {
    const response = await shop.request('/orders', { method: 'POST', headers: { 'idempotency-key': randomUUID() }, body: { lines: [] } });
    expect(response.status).toBe(401);
  });
});

describe('own orders only', () => {
  it("hides another customer's order: read, cancel and list", async () => {
    const product = await newProduct(5);
    const order = await placeOrder(alice, [{ productId: product, quantity: 1 }]);
    const id = order.body.id as string;

    const read = await shop.request(`/orders/${id}`, { token: bob });
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('ORDER_NOT_FOUND');
    const cancel = await shop.request(`/orders/${id}/cancel`, { method: 'POST', token: bob });
    expect(cancel.status).toBe(404);
    const list = await shop.request('/orders?limit=100', { token: bob });
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(id);

    expect((await shop.request(`/orders/${id}`, { token: alice })).body.status).toBe('PLACED');
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 4, reserved: 1 });
  });

  it('lists own orders newest first, page by page', async () => {
    const product = await newProduct(10);
    const carol = shop.token(`carol-${randomUUID()}`);
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await placeOrder(carol, [{ productId: product, quantity: 1 }])).body.id as string);
    }
    const first = await shop.request('/orders?limit=2', { token: carol });
    const second = await shop.request(`/orders?limit=2&cursor=${first.body.nextCursor}`, { token: carol });
    const third = await shop.request(`/orders?limit=2&cursor=${second.body.nextCursor}`, { token: carol });
    const seen = [...first.body.items, ...second.body.items, ...third.body.items].map((item: { id: string }) => item.id);
    expect(seen).toEqual([...ids].reverse());

    const stolen = await shop.request(`/orders?cursor=${first.body.nextCursor}`, { token: bob });
    expect(stolen.status).toBe(400);
  });
});

describe('lifecycle', () => {
  it('lets the customer cancel a PLACED order once, releasing its stock exactly once', async () => {
    const product = await newProduct(6);
    const order = await placeOrder(alice, [{ productId: product, quantity: 4 }]);
    const id = order.body.id as string;
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 2, reserved: 4 });

    const cancelled = await shop.request(`/orders/${id}/cancel`, { method: 'POST', token: alice });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 6, reserved: 0 });

    const twice = await shop.request(`/orders/${id}/cancel`, { method: 'POST', token: alice });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'CANCELLED', to: 'CANCELLED' } });
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 6, reserved: 0 });
    expect(eventsFor(id).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('moves through picking and delivery by staff; delivery turns the reservation into a sale', async () => {
    const product = await newProduct(9);
    const id = (await placeOrder(alice, [{ productId: product, quantity: 3 }])).body.id as string;
    const move = (status: string, token = staff) =>
      shop.request(`/orders/${id}/status`, { method: 'PATCH', token, body: { status } });

    expect((await move('PICKING', alice)).status).toBe(403);
    const skip = await move('DELIVERED');
    expect(skip.status).toBe(409);
    expect(skip.body.details).toEqual({ from: 'PLACED', to: 'DELIVERED', allowed: ['PICKING', 'CANCELLED'] });
    expect((await move('PLACED')).status).toBe(400);

    expect((await move('PICKING')).body.status).toBe('PICKING');
    const lateCancel = await shop.request(`/orders/${id}/cancel`, { method: 'POST', token: alice });
    expect(lateCancel.status).toBe(409);
    const unpicked = await move('OUT_FOR_DELIVERY');
    expect(unpicked.status).toBe(409);
    expect(unpicked.body).toMatchObject({ code: 'PICKING_INCOMPLETE', details: { productIds: [product] } });
    await pickAsOrdered(shop, id, staff);
    expect((await move('OUT_FOR_DELIVERY')).body.status).toBe('OUT_FOR_DELIVERY');
    expect((await move('DELIVERED')).body.status).toBe('DELIVERED');
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 6, held: 0, reserved: 0, sold: 3 });
    expect((await move('CANCELLED')).status).toBe(409);
    expect(eventsFor(id).map((event) => (event.type === 'OrderStatusChanged' ? event.to : event.type))).toEqual([
      'OrderPlaced',
      'PICKING',
      'OrderPicked',
      'DELIVERED',
    ]);
  });

  it('lets staff cancel until delivery, releasing the stock', async () => {
    const product = await newProduct(4);
    const id = (await placeOrder(alice, [{ productId: product, quantity: 2 }])).body.id as string;
    await shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status: 'PICKING' } });
    const cancelled = await shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status: 'CANCELLED' } });
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await storedStock(dynamo, product)).toMatchObject({ stock: 4, reserved: 0, sold: 0 });
    const event = eventsFor(id).at(-1);
    expect(event).toMatchObject({ type: 'OrderCancelled', cancelledBy: 'staff', previousStatus: 'PICKING' });
  });
});

describe('stock moves are exactly once', () => {
  it('holds, sells and releases once however often a step is repeated', async () => {
    const catalog = shop.app.get<CatalogPort>(CATALOG_PORT);
    const productId = await newProduct(10);
    const orderId = `ord_test_${randomUUID()}`;
    const twice = async (step: () => Promise<unknown>) => {
      await step();
      await step();
    };

    await twice(() => catalog.reserve({ productId, orderId, quantity: 3 }));
    expect(await storedStock(dynamo, productId)).toMatchObject({ stock: 7, reservations: { [orderId]: 3 }, held: 0 });
    await twice(() => catalog.move('hold', { productId, orderId, quantity: 3 }));
    expect(await storedStock(dynamo, productId)).toMatchObject({ stock: 7, reservations: {}, held: 3 });
    await twice(() => catalog.move('release', { productId, orderId, quantity: 3 }));
    expect(await storedStock(dynamo, productId)).toMatchObject({ stock: 7, held: 3 });
    await twice(() => catalog.move('sell', { productId, orderId, quantity: 3 }));
    expect(await storedStock(dynamo, productId)).toMatchObject({ stock: 7, held: 0, sold: 3 });
    await catalog.clearMarker({ productId, orderId });

    // Moving units that are not held is refused rather than driving `held` negative.
    await expect(catalog.move('restock', { productId, orderId: `ord_test_${randomUUID()}`, quantity: 1 })).rejects.toThrow(
      /fewer units held/,
    );
    expect(await storedStock(dynamo, productId)).toMatchObject({ stock: 7, held: 0, sold: 3 });
  });
});

describe('events', () => {
  it('publishes each event exactly once on the happy path', async () => {
    const product = await newProduct(10);
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const placed = await placeOrder(alice, [{ productId: product, quantity: 1 }]);
      expect(placed.status).toBe(201);
      ids.push(placed.body.id as string);
    }
    for (const id of ids) {
      for (const status of ['PICKING', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
        if (status === 'OUT_FOR_DELIVERY') await pickAsOrdered(shop, id, staff);
        expect((await shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status } })).status).toBe(200);
      }
    }
    await shop.app.get(OrderSweeper).sweepOnce(Date.now() + 60_000);
    for (const id of ids) {
      expect(eventsFor(id).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderStatusChanged', 'OrderPicked', 'OrderStatusChanged']);
      expect(new Set(eventsFor(id).map((event) => event.eventId)).size).toBe(4);
    }
  });

  it('keeps an event that could not be delivered and delivers it on the next sweep', async () => {
    const product = await newProduct(3);
    failNextDelivery = true;
    const placed = await placeOrder(alice, [{ productId: product, quantity: 1 }]);
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;
    expect(eventsFor(id)).toHaveLength(0);

    // Not due yet: the outbox is swept once the lease time has passed.
    await shop.app.get(OrderSweeper).sweepOnce();
    expect(eventsFor(id)).toHaveLength(0);
    await shop.app.get(OrderSweeper).sweepOnce(Date.now() + 3100);
    expect(eventsFor(id).map((event) => event.type)).toEqual(['OrderPlaced']);
    const mails = await readdir(join(shop.dataDir, 'mail'));
    expect(mails.filter((file) => file.startsWith(eventsFor(id)[0]!.eventId))).toHaveLength(1);

    await shop.app.get(OrderSweeper).sweepOnce(Date.now() + 3100);
    expect(eventsFor(id)).toHaveLength(1);
  });
});
