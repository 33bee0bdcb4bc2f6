import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoConnection } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';
import { storedStock, TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * Picking a grocery order: weighed items charged by the weight picked (never above what was
 * authorised), substitutes price-protected and taken from stock exactly once while the
 * original goes back, missing lines refunded, and the customer told what changed.
 */
let shop: TestApp;
let db: DynamoConnection;
let admin: string;
let staff: string;
let other: string;
const events: OrderEvent[] = [];

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '10', CACHE_MEMORY_TTL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0' } });
  db = shop.app.get(DynamoConnection);
  shop.app.get(OrderEventConsumers).subscribe('test-recorder', async (event) => void events.push(event));
  admin = shop.token('ada', ['admin']);
  staff = shop.token('sam', ['staff']);
  other = shop.token('pat', ['staff']);
});

afterAll(() => shop.close());

let sku = 0;
async function product(body: Record<string, unknown>): Promise<string> {
  sku += 1;
  const response = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku: `PK-${String(sku).padStart(5, '0')}`, brand: 'Test', unit: 'each', ...body },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const pick = (id: string, productId: string, body: Record<string, unknown>, token = staff) =>
  shop.request(`/orders/${id}/lines/${productId}/pick`, { method: 'PUT', token, body });
const move = (id: string, status: string) => shop.request(`/orders/${id}/status`, { method: 'PATCH', token: staff, body: { status } });
const units = async (id: string) => {
  const state = await storedStock(db, id);
  return state.stock + state.reserved + state.sold;
};

describe('picking an order', () => {
  it('charges weights as picked, substitutes price-protected, refunds what is missing, and moves stock once', async () => {
    const bananas = await product({ name: 'Pick Bananas', category: 'fruit-veg', soldBy: 'per_kg', pricePerKgCents: 390, averageUnitGrams: 180, unit: 'kg', stock: 60 });
    const milk = await product({ name: 'Pick Full Cream Milk 2L', category: 'dairy-eggs', priceCents: 350, stock: 10 });
    const dearerMilk = await product({ name: 'Pick Organic Milk 2L', category: 'dairy-eggs', priceCents: 520, stock: 5 });
    const tea = await product({ name: 'Pick Earl Grey 100 pack', category: 'pantry', priceCents: 450, stock: 4 });
    const customer = shop.token('quinn', [], );

    const placed = await shop.request('/orders', {
      method: 'POST',
      token: customer,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        lines: [
          { productId: bananas, quantity: 6 },
          { productId: milk, quantity: 2, substitute: 'similar' },
          { productId: tea, quantity: 1, substitute: 'none' },
        ],
      },
    });
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;
    // 6 bananas of about 180 g at $3.90/kg: 1,080 g, $4.21 estimated, authorised with 10% more.
    expect(placed.body.lines[0]).toMatchObject({ soldBy: 'per_kg', estimatedGrams: 1080, lineTotalCents: 421, authorisedCents: 463 });
    expect(placed.body).toMatchObject({ subtotalCents: 421 + 700 + 450, totalCents: 421 + 700 + 450, authorisedCents: 463 + 700 + 450 });

    expect((await pick(id, bananas, { result: 'picked', grams: 1200 })).body.code).toBe('PICK_NOT_RECORDABLE');
    expect((await move(id, 'PICKING')).status).toBe(200);

    // Bad picks are refused and change nothing.
    expect((await pick(id, bananas, { result: 'picked' })).status).toBe(400);
    expect((await pick(id, bananas, { result: 'picked', grams: 0 })).status).toBe(400);
    expect((await pick(id, bananas, { result: 'picked', grams: 1080 * 51 })).status).toBe(400);
    expect((await pick(id, milk, { result: 'substituted', substituteProductId: 'no-such-thing' })).body.code).toBe('SUBSTITUTE_UNAVAILABLE');
    expect((await pick(id, tea, { result: 'substituted', substituteProductId: milk })).body.code).toBe('SUBSTITUTE_UNAVAILABLE');
    expect((await pick(id, milk, { result: 'picked', grams: 100 })).status).toBe(400);

    // A heavier pick than authorised is charged at the cap.
    const weighed = await pick(id, bananas, { result: 'picked', grams: 1300 });
    expect(weighed.status).toBe(200);
    expect(weighed.body.lines[0].picked).toMatchObject({ result: 'picked', grams: 1300, finalCents: 463 });
    // A second picker on the same line learns it was done, and by whom, instead of overwriting it.
    const conflict = await pick(id, bananas, { result: 'picked', grams: 1000 }, other);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'LINE_ALREADY_PICKED', details: { pick: { grams: 1300, pickedBy: 'sam' } } });

    // A dearer substitute is charged at the original line's price; its units are reserved at once.
    const substituted = await pick(id, milk, { result: 'substituted', substituteProductId: dearerMilk });
    expect(substituted.body.lines[1].picked).toMatchObject({ result: 'substituted', substituteProductId: dearerMilk, finalCents: 700 });
    expect(await storedStock(db, dearerMilk)).toMatchObject({ stock: 3 });
    expect((await pick(id, tea, { result: 'unavailable' })).body.lines[2].picked).toMatchObject({ finalCents: 0 });

    const out = await move(id, 'OUT_FOR_DELIVERY');
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ status: 'OUT_FOR_DELIVERY', finalTotalCents: 463 + 700 });
    // Stock follows what was picked: the milk and tea go back, the dearer milk is taken.
    expect(await storedStock(db, milk)).toMatchObject({ stock: 10, held: 0, reservations: {} });
    expect(await storedStock(db, tea)).toMatchObject({ stock: 4, held: 0 });
    expect(await storedStock(db, dearerMilk)).toMatchObject({ stock: 3, held: 2, reservations: {} });
    expect(await storedStock(db, bananas)).toMatchObject({ stock: 54, held: 6 });

    const pickedEvent = events.find((event) => event.orderId === id && event.type === 'OrderPicked');
    expect(pickedEvent).toMatchObject({ finalTotalCents: 463 + 700, substitutions: 1, shortPicks: 1 });
    const mails = (await readdir(join(shop.dataDir, 'mail'))).filter((file) => file.startsWith(pickedEvent!.eventId));
    expect(mails).toHaveLength(1);
    const mail = JSON.parse(await readFile(join(shop.dataDir, 'mail', mails[0]!), 'utf8')) as { subject: string; text: string };
    expect(mail.subject).toContain('on its way');
    expect(mail.text).toContain('Instead of Pick Full Cream Milk 2L: Pick Organic Milk 2L (AUD 7.00)');
    expect(mail.text).toContain('Pick Earl Grey 100 pack was not available: refunded AUD 4.50');
    expect(mail.text).toContain('Pick Bananas: 1300 g, AUD 4.63');
    expect(mail.text).toContain('Final total: AUD 11.63');

    expect((await move(id, 'DELIVERED')).status).toBe(200);
    expect(await storedStock(db, dearerMilk)).toMatchObject({ stock: 3, held: 0, sold: 2 });
    expect(await storedStock(db, bananas)).toMatchObject({ stock: 54, held: 0, sold: 6 });
    expect(await storedStock(db, milk)).toMatchObject({ stock: 10, sold: 0 });
    for (const [productId, initial] of [[bananas, 60], [milk, 10], [dearerMilk, 5], [tea, 4]] as const) expect(await units(productId)).toBe(initial);
  });

  it('gives back a substitute reserved mid-picking when the order is cancelled before it leaves', async () => {
    const bread = await product({ name: 'Pick Sourdough', category: 'bakery', priceCents: 600, stock: 3 });
    const rolls = await product({ name: 'Pick Bread Rolls', category: 'bakery', priceCents: 400, stock: 3 });
    const placed = await shop.request('/orders', {
      method: 'POST',
      token: shop.token('rita'),
      headers: { 'idempotency-key': randomUUID() },
      body: { lines: [{ productId: bread, quantity: 1 }] },
    });
    const id = placed.body.id as string;
    await move(id, 'PICKING');
    expect((await pick(id, bread, { result: 'substituted', substituteProductId: rolls })).status).toBe(200);
    expect(await storedStock(db, rolls)).toMatchObject({ stock: 2 });
    expect((await move(id, 'CANCELLED')).status).toBe(200);
    expect(await storedStock(db, rolls)).toMatchObject({ stock: 3, held: 0, reservations: {} });
    expect(await storedStock(db, bread)).toMatchObject({ stock: 3, held: 0 });
  });

  it('refuses a substitute chosen at checkout that does not exist or has no stock, storing nothing', async () => {
    const jam = await product({ name: 'Pick Jam', category: 'pantry', priceCents: 400, stock: 5 });
    const none = await product({ name: 'Pick Sold Out Jam', category: 'pantry', priceCents: 420, stock: 0 });
    for (const [substitute, problem] of [
      [none, 'out of stock'],
      ['pt-999999', 'no such product'],
      [jam, 'a product cannot substitute itself'],
    ] as const) {
      const refused = await shop.request('/orders', {
        method: 'POST',
        token: shop.token('sam-customer'),
        headers: { 'idempotency-key': randomUUID() },
        body: { lines: [{ productId: jam, quantity: 1, substitute }] },
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'SUBSTITUTE_UNAVAILABLE', details: { lines: [{ productId: jam, substitute, problem }] } });
    }
    expect(await storedStock(db, jam)).toMatchObject({ stock: 5, reserved: 0 });
    expect((await shop.request('/orders', { token: shop.token('sam-customer') })).body.items).toEqual([]);
  });
});
