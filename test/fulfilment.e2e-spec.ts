import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoConnection } from '@gomart/dynamo';
import { FulfilmentTables, SLOT_STORE, SlotSweeper, type SlotStore, type StoredSlot } from '@gomart/fulfilment';
import { OrderSweeper } from '@gomart/orders';
import { storedStock, TestApp } from '@gomart/testing';
import fc from 'fast-check';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * Delivery slots on a real DynamoDB API: capacity held and booked with conditional writes,
 * `booked + held + free == capacity` whatever happens, holds that expire, and orders that
 * turn holds into bookings — or are refused, storing nothing, when the hold has expired.
 */
const HOLD_MS = 600_000;
let shop: TestApp;
let db: DynamoConnection;
let slots: SlotStore;
let admin: string;
let product: string;
let serial = 0;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, {
    env: { SEED_PRODUCT_COUNT: '20', CACHE_MEMORY_TTL_MS: '0', SLOT_SWEEP_INTERVAL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0', SLOT_HOLD_MS: String(HOLD_MS) },
  });
  db = shop.app.get(DynamoConnection);
  slots = shop.app.get<SlotStore>(SLOT_STORE);
  admin = shop.token('ada', ['admin']);
  const created = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku: 'FF-000001', name: 'Slot Test Loaf', brand: 'Test', category: 'bakery', priceCents: 400, unit: 'each', stock: 1000 },
  });
  product = created.body.id as string;
});

afterAll(() => shop.close());

/** A slot of its own for a test, in Sydney, a few days ahead (so its cut-off is far). */
async function testSlot(capacity: number, startsInMs = 3 * 86_400_000): Promise<StoredSlot> {
  serial += 1;
  const start = new Date(Math.floor((Date.now() + startsInMs) / 60_000) * 60_000);
  const slot: StoredSlot = {
    zoneId: 'syd',
    slotId: `syd-2099${String(serial).padStart(4, '0')}-0800`,
    day: start.toISOString().slice(0, 10),
    start: start.toISOString(),
    end: new Date(start.getTime() + 7_200_000).toISOString(),
    cutoff: new Date(start.getTime() - 7_200_000).toISOString(),
    capacity,
    free: capacity,
    held: 0,
    booked: 0,
    feeCents: 800,
    currency: 'AUD',
    holds: {},
    bookings: {},
  };
  await slots.createIfMissing(slot);
  return slot;
}

async function stored(slot: StoredSlot): Promise<StoredSlot> {
  return (await slots.get(slot.zoneId, slot.slotId))!;
}

function expectConserved(slot: StoredSlot): void {
  expect(slot.booked + slot.held + slot.free).toBe(slot.capacity);
  expect(slot.free).toBeGreaterThanOrEqual(0);
  expect(Object.keys(slot.holds)).toHaveLength(slot.held);
  expect(Object.keys(slot.bookings)).toHaveLength(slot.booked);
}

const hold = (customer: string, slotId: string) =>
  shop.request('/fulfilment/slot-holds', { method: 'POST', token: shop.token(customer), body: { slotId } });

const order = (customer: string, slotHoldId: string | undefined, key = randomUUID()) =>
  shop.request('/orders', {
    method: 'POST',
    token: shop.token(customer),
    headers: { 'idempotency-key': key },
    body: { lines: [{ productId: product, quantity: 1 }], ...(slotHoldId ? { slotHoldId } : {}) },
  });

/** Makes a hold expire without waiting: what SLOT_HOLD_MS later looks like on the slot item (if it is still there). */
async function expire(slotId: string, holdId: string): Promise<void> {
  await db.client
    .send(
      new UpdateCommand({
        TableName: db.tableName(FulfilmentTables.deliverySlots),
        Key: { zoneId: 'syd', slotId },
        UpdateExpression: 'SET #holds.#hold.expiresAt = :past',
        ConditionExpression: 'attribute_exists(#holds.#hold)',
        ExpressionAttributeNames: { '#holds': 'holds', '#hold': holdId },
        ExpressionAttributeValues: { ':past': Date.now() - 1 },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

describe('the slots of a postcode', () => {
  it("lists the zone's coming slots with capacity, remaining places and fee", async () => {
    const response = await shop.request('/fulfilment/slots?postcode=2000');
    expect(response.status).toBe(200);
    expect(response.body.zone).toEqual({ id: 'syd', name: 'Sydney' });
    const items = response.body.items as { id: string; start: string; end: string; capacity: number; remaining: number; feeCents: number; bookable: boolean }[];
    expect(items.length).toBeGreaterThanOrEqual(7 * 2);
    for (const slot of items) {
      expect(slot).toMatchObject({ id: expect.stringMatching(/^syd-\d{8}-\d{4}$/), capacity: expect.any(Number), feeCents: expect.any(Number) });
      expect(Date.parse(slot.end)).toBeGreaterThan(Date.parse(slot.start));
      expect(slot.remaining).toBeLessThanOrEqual(slot.capacity);
    }
    const starts = items.map((slot) => slot.start);
    expect(starts).toEqual([...starts].sort());
    for (const postcode of ['3000', '4000', '5000', '6000']) expect((await shop.request(`/fulfilment/slots?postcode=${postcode}`)).body.items.length).toBeGreaterThan(0);
  });

  it.each([
    ['9999', 422, 'POSTCODE_NOT_SERVED'],
    ['20', 400, 'VALIDATION_FAILED'],
    ['abcd', 400, 'VALIDATION_FAILED'],
  ])('refuses postcode %s with %i %s', async (postcode, status, code) => {
    const response = await shop.request(`/fulfilment/slots?postcode=${postcode}`);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });
});

describe('holding a slot', () => {
  it('holds exactly its capacity when 200 customers try at once', async () => {
    const slot = await testSlot(20);
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => hold(`rush-${index}`, slot.slotId)));
    const statuses = responses.map((response) => response.status);
    for (const status of statuses) expect([201, 409, 503]).toContain(status);
    const held = responses.filter((response) => response.status === 201);
    const after = await stored(slot);
    expectConserved(after);
    expect(held.length).toBeLessThanOrEqual(20);
    expect(after.held).toBeGreaterThanOrEqual(held.length);
    // Nothing timed out: every place was taken by a customer told so, and nobody else.
    if (!statuses.includes(503)) {
      expect(held).toHaveLength(20);
      expect(after).toMatchObject({ held: 20, free: 0 });
    }
    for (const refused of responses.filter((response) => response.status === 409)) expect(refused.body.code).toBe('SLOT_FULL');
  }, 60_000);

  it('expires a hold, giving its place back at the sweep, and renews once', async () => {
    const slot = await testSlot(1);
    const first = await hold('erin', slot.slotId);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ slotId: slot.slotId, status: 'held', renewalsLeft: 1 });
    expect((await hold('fred', slot.slotId)).body.code).toBe('SLOT_FULL');

    const renewed = await shop.request(`/fulfilment/slot-holds/${first.body.id}/renew`, { method: 'POST', token: shop.token('erin') });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThanOrEqual(Date.parse(first.body.expiresAt));
    expect(renewed.body.renewalsLeft).toBe(0);
    const again = await shop.request(`/fulfilment/slot-holds/${first.body.id}/renew`, { method: 'POST', token: shop.token('erin') });
    expect(again.body.code).toBe('SLOT_HOLD_RENEWED_ALREADY');

    expect(await shop.app.get(SlotSweeper).sweepOnce(Date.now() + 2 * HOLD_MS + 1)).toBeGreaterThanOrEqual(1);
    expectConserved(await stored(slot));
    expect(await stored(slot)).toMatchObject({ held: 0, free: 1 });
    expect((await hold('fred', slot.slotId)).status).toBe(201);
  });

  it("keeps customers' holds apart, and refuses a slot past its cut-off or unknown", async () => {
    const slot = await testSlot(3);
    const mine = await hold('gina', slot.slotId);
    expect((await shop.request(`/fulfilment/slot-holds/${mine.body.id}`, { token: shop.token('hana') })).status).toBe(404);
    expect((await shop.request(`/fulfilment/slot-holds/${mine.body.id}`, { method: 'DELETE', token: shop.token('hana') })).status).toBe(404);
    expect((await order('hana', mine.body.id)).body.code).toBe('SLOT_HOLD_NOT_FOUND');

    const closing = await testSlot(3, 3_600_000);
    const late = await hold('gina', closing.slotId);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'SLOT_CLOSED', details: { slot: { id: closing.slotId, bookable: false } } });
    expect((await hold('gina', 'syd-20990101-0800')).body.code).toBe('SLOT_NOT_FOUND');
    expect((await hold('gina', 'tomorrow')).status).toBe(400);
  });
});

describe('placing an order with a hold', () => {
  it('turns the hold into a booking, and a cancel gives the place back', async () => {
    const slot = await testSlot(2);
    const held = await hold('ivan', slot.slotId);
    const placed = await order('ivan', held.body.id);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ slot: { id: slot.slotId }, deliveryFeeCents: 800, totalCents: 400 + 800 });
    expect(await stored(slot)).toMatchObject({ booked: 1, held: 0, free: 1 });

    const cancelled = await shop.request(`/orders/${placed.body.id}/cancel`, { method: 'POST', token: shop.token('ivan') });
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await stored(slot)).toMatchObject({ booked: 0, held: 0, free: 2 });
  });

  it('refuses an order whose hold expired with 409 SLOT_HOLD_EXPIRED and the slot as it is, storing nothing', async () => {
    const slot = await testSlot(2);
    const held = await hold('jade', slot.slotId);
    await expire(slot.slotId, held.body.id);
    const before = await storedStock(db, product);
    const refused = await order('jade', held.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SLOT_HOLD_EXPIRED', details: { slotHoldId: held.body.id, slot: { id: slot.slotId, remaining: 2 } } });
    expect(await storedStock(db, product)).toMatchObject({ stock: before.stock, reserved: before.reserved });
    expect((await shop.request('/orders', { token: shop.token('jade') })).body.items).toEqual([]);
    expectConserved(await stored(slot));
  });

  it('conserves booked + held + free == capacity under any mix of holds, orders, cancels and expiries', async () => {
    const slot = await testSlot(4);
    type Step = { kind: 'hold' | 'order' | 'cancel' | 'expire' | 'sweep'; who: number };
    const step = fc.record({ kind: fc.constantFrom<Step['kind']>('hold', 'order', 'cancel', 'expire', 'sweep'), who: fc.integer({ min: 0, max: 5 }) });
    // 503 (load shed, or a store call timed out) is an honest answer on a loaded machine; what
    // it did or did not store must keep the counts whole all the same.
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        const holds = new Map<number, string>();
        const orders = new Map<number, string>();
        const run = randomUUID().slice(0, 8);
        const customer = (who: number) => `mix-${run}-${who}`;
        try {
          for (const { kind, who } of steps) {
            if (kind === 'hold') {
              const response = await hold(customer(who), slot.slotId);
              expect([201, 409, 503]).toContain(response.status);
              if (response.status === 201) holds.set(who, response.body.id as string);
            } else if (kind === 'order' && holds.has(who)) {
              const response = await order(customer(who), holds.get(who));
              expect([201, 409, 503]).toContain(response.status);
              if (response.status === 201) orders.set(who, response.body.id as string);
              holds.delete(who);
            } else if (kind === 'cancel' && orders.has(who)) {
              expect([200, 503]).toContain((await shop.request(`/orders/${orders.get(who)}/cancel`, { method: 'POST', token: shop.token(customer(who)) })).status);
              orders.delete(who);
            } else if (kind === 'expire' && holds.has(who)) {
              await expire(slot.slotId, holds.get(who)!);
            } else if (kind === 'sweep') {
              await shop.app.get(SlotSweeper).sweepOnce();
            }
            expectConserved(await stored(slot));
          }
        } finally {
          // Leave the slot empty for the next run, from what is stored rather than what the
          // answers said: cancel every order of this run's customers, expire and sweep every hold.
          await shop.app.get(OrderSweeper).sweepOnce(Date.now() + 3_600_000);
          for (let who = 0; who <= 5; who++) {
            const listed = await shop.request('/orders', { token: shop.token(customer(who)) });
            for (const { id, status } of listed.body.items as { id: string; status: string }[]) {
              if (status !== 'CANCELLED') await shop.request(`/orders/${id}/cancel`, { method: 'POST', token: shop.token(customer(who)) });
            }
          }
          for (const id of Object.keys((await stored(slot)).holds)) await expire(slot.slotId, id);
          await shop.app.get(SlotSweeper).sweepOnce();
        }
        expect(await stored(slot)).toMatchObject({ free: 4, held: 0, booked: 0 });
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
