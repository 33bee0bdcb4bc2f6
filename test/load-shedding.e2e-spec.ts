import { randomUUID } from 'node:crypto';
import { DynamoConnection } from '@gomart/dynamo';
import { storedStock, TestApp, type TestResponse } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * A checkout rush on one instance: at most ORDER_MAX_IN_FLIGHT placements are worked on at
 * once and the surplus is answered at once with 503 + Retry-After, never a 500; retries with
 * the same Idempotency-Key converge on one order each, and stock is never oversold.
 */
const STOCK = 20;
const CUSTOMERS = 60;
let shop: TestApp;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, {
    env: { SEED_PRODUCT_COUNT: '20', CACHE_MEMORY_TTL_MS: '0', ORDER_SWEEP_INTERVAL_MS: '0', ORDER_MAX_IN_FLIGHT: '3' },
  });
});

afterAll(() => shop.close());

const undecided = (response: TestResponse) => response.status === 503;

function expectHonest(response: TestResponse): void {
  expect([201, 409, 503]).toContain(response.status);
  if (response.status === 409) expect(response.body.code).toBe('OUT_OF_STOCK');
  if (response.status === 503) {
    expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  }
}

it('sheds the surplus of a rush with 503 + Retry-After, and retries converge without oversell', async () => {
  const admin = shop.token('ada', ['admin']);
  const created = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku: 'LS-00001', name: 'Hot item', brand: 'Test', category: 'pantry', priceCents: 100, unit: 'each', stock: STOCK },
  });
  expect(created.status).toBe(201);
  const productId = created.body.id as string;
  const rush = Array.from({ length: CUSTOMERS }, (_, index) => ({ token: shop.token(`rush-${index}`), key: randomUUID() }));
  const place = ({ token, key }: { token: string; key: string }) =>
    shop.request('/orders', { method: 'POST', token, headers: { 'idempotency-key': key }, body: { lines: [{ productId, quantity: 1 }] } });

  /** Retries every 503 with its key, as a client honouring Retry-After would (sooner, to keep the test short). */
  const settle = async (first: TestResponse[]) => {
    let answers = first;
    for (let round = 0; answers.some(undecided) && round < 40; round++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answers = await Promise.all(answers.map((response, index) => (undecided(response) ? place(rush[index]!) : Promise.resolve(response))));
      answers.forEach(expectHonest);
    }
    expect(answers.some(undecided)).toBe(false);
    return answers;
  };

  const first = await Promise.all(rush.map(place));
  first.forEach(expectHonest);
  expect(first.some(undecided)).toBe(true);
  const responses = await settle(first);

  const placed = responses.filter((response) => response.status === 201);
  const state = await storedStock(shop.app.get(DynamoConnection), productId);
  expect(placed.length).toBeLessThanOrEqual(STOCK);
  expect(state.stock + state.reserved + state.sold).toBe(STOCK);
  expect(state.reserved).toBe(placed.length);
  // One order per customer however often it was retried, and a repeat answers the same order.
  const repeated = await Promise.all(rush.map(place));
  repeated.forEach(expectHonest);
  const again = await settle(repeated);
  again.forEach((response, index) => {
    expect(response.status).toBe(responses[index]!.status);
    if (response.status === 201) expect(response.body.id).toBe(responses[index]!.body.id);
  });
  const counts = await Promise.all(rush.map(async ({ token }) => (await shop.request('/orders', { token })).body.items.length));
  expect(counts.every((count) => count === 1)).toBe(true);
}, 120_000);
