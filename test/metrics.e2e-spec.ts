import { randomUUID } from 'node:crypto';
import { TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/** `GET /metrics`: the app's counters in Prometheus text, moving as customers shop. */
let shop: TestApp;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '30' } });
});

afterAll(() => shop.close());

async function sample(name: string): Promise<number> {
  const response = await shop.request('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const line = response.text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

it('counts an order placed, one refused for stock, and the cache reads of a product page', async () => {
  const before = {
    placed: await sample('gomart_orders_placed_total'),
    refused: await sample('gomart_orders_rejected_total{reason="OUT_OF_STOCK",service="gomart"}'),
    misses: await sample('gomart_cache_misses_total'),
    hits: await sample('gomart_cache_hits_total{tier="memory",service="gomart"}'),
  };
  const token = shop.token('metrics-alice');
  const order = (lines: { productId: string; quantity: number }[]) =>
    shop.request('/orders', { method: 'POST', token, headers: { 'idempotency-key': randomUUID() }, body: { lines } });
  expect((await order([{ productId: 'fv-000002', quantity: 1 }])).status).toBe(201);
  const admin = shop.token('metrics-admin', ['admin']);
  expect((await shop.request('/catalog/products/dr-000002/stock', { method: 'PUT', token: admin, body: { stock: 0 } })).status).toBe(200);
  expect((await order([{ productId: 'dr-000002', quantity: 1 }])).status).toBe(409);
  await shop.request('/catalog/products/bk-000002');
  await shop.request('/catalog/products/bk-000002');

  expect(await sample('gomart_orders_placed_total')).toBe(before.placed + 1);
  expect(await sample('gomart_orders_rejected_total{reason="OUT_OF_STOCK",service="gomart"}')).toBe(before.refused + 1);
  expect(await sample('gomart_cache_misses_total')).toBeGreaterThan(before.misses);
  expect(await sample('gomart_cache_hits_total{tier="memory",service="gomart"}')).toBeGreaterThan(before.hits);
  expect(await sample('gomart_placement_latency_ms_count')).toBeGreaterThanOrEqual(2);
});
