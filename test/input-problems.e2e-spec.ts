import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * Inputs a client gets wrong, each answered with a clear 4xx in the one error format
 * `{ code, message, details? }`: one problem per field, the framework's refusals in the same
 * shape, and values the shop cannot act on (a currency that does not exist, a delivery slot on
 * a day that does not exist or has passed).
 */
let shop: TestApp;
let admin: string;
let customer: string;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '20' } });
  admin = shop.token('ada', ['admin']);
  customer = shop.token('carol');
});

afterAll(() => shop.close());

/** Sends the request line as raw bytes: fetch would percent-encode what a hand-written client may not. */
function rawGet(path: Buffer): Promise<{ status: number; body: unknown }> {
  const url = new URL(shop.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, method: 'GET', path: path.toString('latin1'), insecureHTTPParser: false });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    request.on('error', reject);
    request.end();
  });
}

it.each([
  ['limit=abc', 'limit must be an integer number'],
  ['limit=2.5', 'limit must be an integer number'],
  ['limit=1000', 'limit must not be greater than 100'],
  ['limit=0', 'limit must not be less than 1'],
  ['minPriceCents=cheap', 'minPriceCents must be an integer number'],
])('reports one problem for a bad value (%s): what it is before how big it is', async (query, problem) => {
  const response = await shop.request(`/catalog/products?${query}`);
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: { fields: [{ field: query.split('=')[0], problems: [problem] }] } });
});

it.each([
  ['a query string', '/catalog/products?q=café'],
  ['a path', '/catalog/products/café'],
])('answers raw UTF-8 in %s in the error format, not the framework’s', async (_where, path) => {
  const response = await rawGet(Buffer.from(path, 'utf8'));
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String) });
});

it('refuses a currency that does not exist, and takes one that does', async () => {
  const product = (sku: string, currency: string) => ({ sku, name: 'Kiwi Fruit', brand: 'Go Mart', category: 'fruit-veg', priceCents: 120, currency, unit: 'each', stock: 5 });
  const unknown = await shop.request('/catalog/products', { method: 'POST', token: admin, body: product('FV-880001', 'XYZ') });
  expect(unknown.status).toBe(400);
  expect(unknown.body.details.fields).toEqual([{ field: 'currency', problems: ['currency must be an ISO 4217 code such as AUD'] }]);
  expect((await shop.request('/catalog/products/fv-880001')).status).toBe(404);

  const known = await shop.request('/catalog/products', { method: 'POST', token: admin, body: product('FV-880002', 'NZD') });
  expect(known.status).toBe(201);
  expect(known.body.currency).toBe('NZD');

  const patched = await shop.request('/catalog/products/fv-880002', { method: 'PATCH', token: admin, body: { currency: 'ABC' } });
  expect(patched.status).toBe(400);
  expect(patched.body.details.fields[0].field).toBe('currency');
});

it.each([
  ['a day that does not exist', 'syd-20261399-0800'],
  ['a day that has passed', 'syd-20200101-0800'],
  ['a time that does not exist', 'syd-20261202-2675'],
])('refuses to hold a delivery slot on %s, as a slot that is not there', async (_what, slotId) => {
  const response = await shop.request('/fulfilment/slot-holds', { method: 'POST', token: customer, body: { slotId } });
  expect(response.status).toBe(404);
  expect(response.body).toEqual({ code: 'SLOT_NOT_FOUND', message: expect.any(String), details: { slotId } });
});

it('refuses an order for a slot hold that is not there, or a delivery window it does not take', async () => {
  const productId = ((await shop.request('/catalog/products?limit=1&inStock=true')).body.items as { id: string }[])[0]!.id;
  const order = (extra: object) =>
    shop.request('/orders', { method: 'POST', token: customer, headers: { 'idempotency-key': randomUUID() }, body: { lines: [{ productId, quantity: 1 }], ...extra } });

  const noHold = await order({ slotHoldId: 'syd-20261399-0800.AAAAAAAAAAAA' });
  expect(noHold.status).toBe(404);
  expect(noHold.body.code).toBe('SLOT_HOLD_NOT_FOUND');

  // Windows are the shop's slots, held by id: a window of the client's own is an unknown field.
  const window = await order({ deliverySlot: { start: '2026-12-02T10:00:00Z', end: '2026-12-02T08:00:00Z' } });
  expect(window.status).toBe(400);
  expect(window.body.code).toBe('VALIDATION_FAILED');
  expect(window.body.details.fields[0].field).toBe('deliverySlot');
});
