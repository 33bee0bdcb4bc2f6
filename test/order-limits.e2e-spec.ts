import { randomUUID } from 'node:crypto';
import { storedStock, TestApp } from '@gomart/testing';
import { DynamoConnection } from '@gomart/dynamo';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * The business-flow limit (OWASP API6): a customer cannot tie up a product, or the shop's
 * stock, by spreading it over many orders that each pass the per-order limits.
 */
let shop: TestApp;
let admin: string;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, {
    env: {
      SEED_PRODUCT_COUNT: '20',
      CACHE_MEMORY_TTL_MS: '0',
      ORDER_SWEEP_INTERVAL_MS: '0',
      ORDER_MAX_OPEN_PER_CUSTOMER: '3',
      ORDER_MAX_OPEN_UNITS_PER_PRODUCT: '10',
    },
  });
  admin = shop.token('ada', ['admin']);
});

afterAll(() => shop.close());

let sku = 0;
async function newProduct(stock: number): Promise<string> {
  sku += 1;
  const response = await shop.request('/catalog/products', {
    method: 'POST',
    token: admin,
    body: { sku: `OL-${String(sku).padStart(5, '0')}`, name: `Limit Item ${sku}`, brand: 'Test', category: 'pantry', priceCents: 250, unit: 'each', stock },
  });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const place = (token: string, lines: { productId: string; quantity: number }[], key = randomUUID()) =>
  shop.request('/orders', { method: 'POST', token, headers: { 'idempotency-key': key }, body: { lines } });

it('refuses a fourth open order with 429 TOO_MANY_OPEN_ORDERS, storing nothing, until one is cancelled', async () => {
  const product = await newProduct(100);
  const token = shop.token('olga');
  const placed: string[] = [];
  for (let index = 0; index < 3; index++) {
    const response = await place(token, [{ productId: product, quantity: 1 }]);
    expect(response.status).toBe(201);
    placed.push(response.body.id as string);
  }
  const key = randomUUID();
  const refused = await place(token, [{ productId: product, quantity: 1 }], key);
  expect(refused.status).toBe(429);
  expect(refused.body).toMatchObject({ code: 'TOO_MANY_OPEN_ORDERS', details: { limit: 'orders', max: 3 } });
  expect(refused.headers.get('retry-after')).toBeNull();
  // Nothing was stored or reserved for the refused order.
  const mine = await shop.request('/orders', { token });
  expect((mine.body.items as unknown[]).length).toBe(3);
  expect(await storedStock(shop.app.get(DynamoConnection), product)).toMatchObject({ stock: 97, held: 3, reservations: {} });
  // Other customers are not affected.
  expect((await place(shop.token('oscar'), [{ productId: product, quantity: 1 }])).status).toBe(201);

  expect((await shop.request(`/orders/${placed[0]}/cancel`, { method: 'POST', token })).status).toBe(200);
  const retried = await place(token, [{ productId: product, quantity: 1 }], key);
  expect(retried.status).toBe(201);
  expect(retried.body.status).toBe('PLACED');
});

it('refuses more units of one product across open orders than allowed, naming the product', async () => {
  const [hot, other] = [await newProduct(100), await newProduct(100)];
  const token = shop.token('pia');
  expect((await place(token, [{ productId: hot, quantity: 6 }])).status).toBe(201);
  const refused = await place(token, [{ productId: other, quantity: 1 }, { productId: hot, quantity: 5 }]);
  expect(refused.status).toBe(429);
  expect(refused.body).toMatchObject({ code: 'TOO_MANY_OPEN_ORDERS', details: { limit: 'unitsPerProduct', max: 10, productId: hot, units: 11 } });
  expect(await storedStock(shop.app.get(DynamoConnection), hot)).toMatchObject({ stock: 94, held: 6 });
  expect(await storedStock(shop.app.get(DynamoConnection), other)).toMatchObject({ stock: 100, held: 0 });
  // Up to the limit is fine.
  expect((await place(token, [{ productId: hot, quantity: 4 }])).status).toBe(201);
});

it('lets no burst of concurrent placements by one customer past the limit', async () => {
  const product = await newProduct(100);
  const token = shop.token('quentin');
  const answers = await Promise.all(Array.from({ length: 12 }, () => place(token, [{ productId: product, quantity: 1 }])));
  const statuses = answers.map((answer) => answer.status);
  expect(statuses.every((status) => status === 201 || status === 429)).toBe(true);
  const placed = statuses.filter((status) => status === 201).length;
  expect(placed).toBeGreaterThanOrEqual(1);
  expect(placed).toBeLessThanOrEqual(3);
  const mine = await shop.request('/orders', { token });
  expect((mine.body.items as unknown[]).length).toBe(placed);
  expect(await storedStock(shop.app.get(DynamoConnection), product)).toMatchObject({ stock: 100 - placed, held: placed, reservations: {} });
});

it('documents TOO_MANY_OPEN_ORDERS on POST /orders in the OpenAPI document', async () => {
  const docs = await shop.request('/docs-json');
  const responses = docs.body.paths['/orders'].post.responses as Record<string, { description: string }>;
  expect(responses['429']?.description).toContain('TOO_MANY_OPEN_ORDERS');
});
