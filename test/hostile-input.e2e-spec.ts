import { randomUUID } from 'node:crypto';
import { DynamoConnection } from '@gomart/dynamo';
import { storedStock, TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * Customer input an attacker or a broken client sends: each is a 400 with a stable code,
 * answered at once (no stack overflow, no blocked event loop), and nothing is stored.
 */
let shop: TestApp;
let customer: string;
let admin: string;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '40', ORDER_SWEEP_INTERVAL_MS: '0' } });
  customer = shop.token('mallory');
  admin = shop.token('ada', ['admin']);
});

afterAll(() => shop.close());

const place = (body: unknown) =>
  shop.request('/orders', { method: 'POST', token: customer, body, headers: { 'idempotency-key': randomUUID() } });

const address = { line1: '12 Harbour St', city: 'Sydney', postcode: '2000', country: 'AU' };
const line = { productId: 'fv-000001', quantity: 1 };

function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function nestedObjects(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

async function myOrders(): Promise<number> {
  return (await shop.request('/orders?limit=100', { token: customer })).body.items.length;
}

describe('order bodies', () => {
  it('refuses a line that is not an object', async () => {
    const answer = await place({ lines: [[]] });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['arrays in lines', () => `{"lines":${nestedArrays(5000)}}`],
    ['objects in deliveryAddress', () => `{"lines":[{"productId":"fv-000001","quantity":1}],"deliveryAddress":${nestedObjects(5000)}}`],
    ['arrays at the top', () => nestedArrays(5000)],
  ])('refuses 5,000-deep nested %s at once', async (_, body) => {
    const answer = await place(body());
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
  });

  it.each([
    ['deliveryAddress as an empty array', { lines: [line], deliveryAddress: [] }],
    ['deliveryAddress as an array of an address', { lines: [line], deliveryAddress: [address] }],
    ['deliverySlot as an array', { lines: [line], deliverySlot: [] }],
  ])('refuses %s and stores nothing', async (_, body) => {
    const db = shop.app.get(DynamoConnection);
    const before = await storedStock(db, 'fv-000001');
    const answer = await place(body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    expect(await myOrders()).toBe(0);
    expect(await storedStock(db, 'fv-000001')).toEqual(before);
  });
});

describe('page cursors', () => {
  const tampered = (cursor: string, change: (decoded: Record<string, unknown>) => unknown) => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      decoded = {};
    }
    return Buffer.from(JSON.stringify(change(decoded as Record<string, unknown>))).toString('base64url');
  };
  const forged = [
    ['an extra key', (decoded: Record<string, unknown>) => ({ ...decoded, extra: 1 })],
    ['wrong types', () => ({ m: 1, k: [1, 2], v: 'x' })],
    ['a JSON array', () => [1, 2, 3]],
  ] as const;

  it.each(forged)('refuses a products cursor with %s', async (_, change) => {
    const first = await shop.request('/catalog/products?limit=2');
    const cursor = tampered(first.body.nextCursor as string, change);
    const answer = await shop.request(`/catalog/products?limit=2&cursor=${cursor}`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_CURSOR');
  });

  it.each(forged)('refuses a category listing cursor with %s', async (_, change) => {
    const first = await shop.request('/catalog/products?limit=2&category=fruit-veg');
    const cursor = tampered((first.body.nextCursor as string | null) ?? '', change);
    const answer = await shop.request(`/catalog/products?limit=2&category=fruit-veg&cursor=${cursor}`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_CURSOR');
  });

  it.each(forged)('refuses an orders cursor with %s', async (_, change) => {
    const cursor = tampered(Buffer.from(JSON.stringify({ m: 'customer', k: { customerId: 'mallory' } })).toString('base64url'), change);
    const answer = await shop.request(`/orders?cursor=${cursor}`, { token: customer });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_CURSOR');
  });
});

describe('analytics export', () => {
  it('refuses a day that does not exist', async () => {
    const answer = await shop.request('/analytics/exports', { method: 'POST', token: admin, body: { day: '2026-02-31' } });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
  });

  it('never names an absolute file-system path', async () => {
    const answer = await shop.request('/analytics/exports', { method: 'POST', token: admin, body: { day: '2026-02-28' } });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(shop.dataDir);
    expect(answer.body.location).not.toMatch(/^\/|^[A-Za-z]:\\/);
  });
});
