import { randomUUID } from 'node:crypto';
import type { OrderPlaced, ProductSummary } from '@gomart/contracts';
import { DynamoConnection } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';
import { BasketLog, RecommendationsRebuild, RecommendationStore, type Basket, type RecommenderState } from '@gomart/recommendations';
import { recordStoreCalls, TestApp, TestTables } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * The recommendations on seeded orders, delivered through the event consumers as live orders
 * are: A is bought with B, C is in every basket; one customer buys the same things again.
 * "Often bought with A" ranks B above C; a product nobody bought with anything falls back to
 * its aisle; "for me" puts the customer's repeats first; sold-out and excluded products never
 * appear; redelivered events count nothing twice; a rebuild from the basket log ends where the
 * events left the counters.
 */
let shop: TestApp;
let admin: string;
let store: RecommendationStore;
const events: OrderPlaced[] = [];
const DAY_MS = 86_400_000;

let products: ProductSummary[];
let A: ProductSummary;
let B: ProductSummary;
let C: ProductSummary;
/** Never ordered; its aisle has best sellers. */
let Z: ProductSummary;
let P: ProductSummary;
let Q: ProductSummary;
let R: ProductSummary;

function placed(customerId: string, basket: readonly ProductSummary[], daysAgo: number): OrderPlaced {
  const lines = basket.map((product) => ({
    productId: product.id,
    sku: product.sku,
    name: product.name,
    category: product.category,
    quantity: 1,
    unitPriceCents: product.priceCents,
    lineTotalCents: product.priceCents,
  }));
  return {
    type: 'OrderPlaced',
    eventId: randomUUID(),
    orderId: randomUUID(),
    customerId,
    occurredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.unitPriceCents, 0),
    currency: 'AUD',
  };
}

/** The seeded history: 30 customers, each basket with the staple C; 12 with A and B, 6 with A alone; Rita's routine. */
function history(): OrderPlaced[] {
  const [, , , ...rest] = products;
  const fillers = rest.filter((product) => product.id !== Z.id).slice(0, 20);
  const seeded: OrderPlaced[] = [];
  for (let i = 0; i < 30; i++) {
    const basket = [C, fillers[i % fillers.length]!, fillers[(i * 7 + 3) % fillers.length]!];
    if (i < 12) basket.push(A, B);
    else if (i < 18) basket.push(A);
    seeded.push(placed(`customer-${i}`, basket, 40 - i));
  }
  for (const daysAgo of [30, 20, 10]) seeded.push(placed('rita', [P, Q, C], daysAgo));
  seeded.push(placed('rita', [R], 1));
  return seeded;
}

async function deliver(all: readonly OrderPlaced[]): Promise<void> {
  const consumers = shop.app.get(OrderEventConsumers);
  for (const event of all) await consumers.deliver(event);
}

async function setStock(product: ProductSummary, stock: number): Promise<void> {
  const response = await shop.request(`/catalog/products/${product.id}/stock`, { method: 'PUT', body: { stock }, token: admin });
  expect(response.status).toBe(200);
}

const ids = (body: { items: ProductSummary[] }) => body.items.map((item) => item.id);

/** The state as comparable data: maps sorted, decayed frequencies rounded (replay order moves the last bits). */
function comparable(state: RecommenderState): unknown {
  const sorted = <V>(map: Map<string, V>, value: (v: V) => unknown) =>
    [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, v]) => [key, value(v)]);
  return {
    totalBaskets: state.coPurchase.totalBaskets,
    items: sorted(state.coPurchase.itemBaskets, (count) => count),
    pairs: sorted(state.coPurchase.pairBaskets, (row) => sorted(row, (count) => count)),
    aisles: sorted(state.aisles, (counts) => sorted(counts, (count) => count)),
    customers: sorted(state.customers, (customer) => ({
      latest: customer.latest,
      products: sorted(customer.products, (counter) => ({ ...counter, decayed: Number(counter.decayed.toFixed(9)) })),
    })),
  };
}

beforeAll(async () => {
  // Product entries outlive a slow machine's test (writes still drop them): the suggestions' reads through them are counted.
  shop = await TestApp.start(GomartModule, { env: { ORDER_SWEEP_INTERVAL_MS: '0', CACHE_MEMORY_TTL_MS: '60000' } });
  admin = shop.token('ada', ['admin']);
  store = shop.app.get(RecommendationStore);
  const listing = await shop.request('/catalog/products?limit=100');
  products = (listing.body.items as ProductSummary[]).filter((product) => product.stock > 0);
  [C, A, B] = products as [ProductSummary, ProductSummary, ProductSummary];
  // Z shares an aisle with the bought products but is never bought itself.
  const fillers = products.slice(3, 23);
  Z = products.slice(23).find((product) => fillers.some((filler) => filler.category === product.category))!;
  [P, Q, R] = fillers.slice(17, 20) as [ProductSummary, ProductSummary, ProductSummary];
  events.push(...history());
  await deliver(events);
}, 120_000);

afterAll(() => shop.close());

describe('often bought with', () => {
  it('ranks the product bought with A above the staple everyone buys', async () => {
    const response = await shop.request(`/catalog/products/${A.id}/recommendations?limit=8`);
    expect(response.status).toBe(200);
    expect(response.body.strategy).toBe('often-bought-with');
    const ranked = ids(response.body);
    expect(ranked[0]).toBe(B.id);
    // C is in every basket: knowing A says nothing about it (its score is 0), so it is at best a fallback after B.
    expect(ranked.indexOf(C.id) === -1 || ranked.indexOf(C.id) > ranked.indexOf(B.id)).toBe(true);
    expect(ranked).not.toContain(A.id);
    // Whole products, as the storefront shows them.
    expect(response.body.items[0]).toEqual(expect.objectContaining({ id: B.id, sku: B.sku, name: B.name, brand: B.brand, imageUrl: B.imageUrl, stock: B.stock }));
  });

  // Before any stock change: a product write bumps the cache's epoch, and a fill racing it is not stored.
  it('is served through the read-through cache', async () => {
    const first = await shop.request(`/catalog/products/${A.id}/recommendations?limit=5`);
    const second = await shop.request(`/catalog/products/${A.id}/recommendations?limit=5`);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
  });

  it('falls back to the best sellers of its aisle for a product nobody has bought', async () => {
    const response = await shop.request(`/catalog/products/${Z.id}/recommendations`);
    expect(response.status).toBe(200);
    expect(response.body.strategy).toBe('popular-in-aisle');
    expect(response.body.items[0].category).toBe(Z.category);
    expect(ids(response.body)).not.toContain(Z.id);
  });

  it('answers 404 PRODUCT_NOT_FOUND for an unknown product, as the catalog does', async () => {
    const response = await shop.request('/catalog/products/no-such-product/recommendations');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('never suggests an excluded product (the basket) or the product itself', async () => {
    const response = await shop.request(`/catalog/products/${A.id}/recommendations?exclude=${B.id},${C.id}&limit=20`);
    expect(response.status).toBe(200);
    expect(ids(response.body)).not.toEqual(expect.arrayContaining([B.id]));
    for (const id of [A.id, B.id, C.id]) expect(ids(response.body)).not.toContain(id);
    expect(response.body.items.length).toBeGreaterThan(0);
  });

  it('never suggests a product out of stock', async () => {
    await setStock(B, 0);
    try {
      const response = await shop.request(`/catalog/products/${A.id}/recommendations?limit=7`);
      expect(response.status).toBe(200);
      expect(ids(response.body)).not.toContain(B.id);
      for (const item of response.body.items as ProductSummary[]) expect(item.stock).toBeGreaterThan(0);
    } finally {
      await setStock(B, 50);
    }
  });

  it('rejects bad parameters with 400 VALIDATION_FAILED', async () => {
    for (const query of ['limit=0', 'limit=51', 'limit=many', `exclude=${Array.from({ length: 101 }, (_, i) => `p${i}`).join(',')}`]) {
      const response = await shop.request(`/catalog/products/${A.id}/recommendations?${query}`);
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});

describe('for me', () => {
  it('puts the customer\'s own repeats first', async () => {
    const response = await shop.request('/recommendations/for-me?limit=8', { token: shop.token('rita') });
    expect(response.status).toBe(200);
    expect(response.body.strategy).toBe('buy-it-again');
    const ranked = ids(response.body);
    expect(new Set(ranked.slice(0, 3))).toEqual(new Set([P.id, Q.id, C.id]));
    // Bought once, so after the repeats.
    expect(ranked.indexOf(R.id)).toBeGreaterThan(2);
  });

  it('never suggests an excluded or sold-out product', async () => {
    await setStock(P, 0);
    try {
      const response = await shop.request(`/recommendations/for-me?exclude=${Q.id}&limit=7`, { token: shop.token('rita') });
      expect(response.status).toBe(200);
      expect(ids(response.body)).not.toContain(P.id);
      expect(ids(response.body)).not.toContain(Q.id);
      expect(ids(response.body)[0]).toBe(C.id);
    } finally {
      await setStock(P, 50);
    }
  });

  it('gives a customer without history the popular products', async () => {
    const response = await shop.request('/recommendations/for-me', { token: shop.token('newcomer') });
    expect(response.status).toBe(200);
    expect(response.body.strategy).toBe('popular');
    expect(ids(response.body)).toHaveLength(8);
  });

  it('is for signed-in customers only', async () => {
    const response = await shop.request('/recommendations/for-me');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('counters', () => {
  it('count an event delivered twice, or twice at once, once', async () => {
    const before = comparable(await store.snapshot());
    await deliver(events);
    const consumers = shop.app.get(OrderEventConsumers);
    // Concurrent deliveries of one event: one claims it, the other is told to come back (and would find it done).
    await Promise.allSettled(events.slice(0, 5).flatMap((event) => [consumers.deliver(event), consumers.deliver(event)]));
    expect(comparable(await store.snapshot())).toEqual(before);
  });

  it('are rebuilt from the basket log exactly as the events left them, stale counters removed', async () => {
    const incremental = comparable(await store.snapshot());
    // A counter no logged basket accounts for (a crash that re-applied increments, say).
    const stray: Basket = { eventId: 'stray', orderId: 'stray', customerId: 'ghost', placedAt: new Date().toISOString(), lines: [{ productId: A.id }, { productId: Z.id }] };
    await store.add(stray);
    expect(comparable(await store.snapshot())).not.toEqual(incremental);
    const progress: number[] = [];
    const result = await new RecommendationsRebuild(shop.app.get(BasketLog), store).rebuild(({ read }) => progress.push(read));
    expect(result.baskets).toBe(events.length);
    expect(result.removed).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(events.length);
    expect(comparable(await store.snapshot())).toEqual(incremental);
  });
});

describe('the products suggested', () => {
  /** The store's calls on the catalog's products table while `run` runs. */
  async function productReads(run: () => Promise<void>): Promise<string[]> {
    const connection = shop.app.get(DynamoConnection);
    const recorder = recordStoreCalls(connection);
    try {
      await run();
    } finally {
      recorder.stop();
    }
    const table = connection.tableName(TestTables.products);
    return recorder.calls.filter((call) => call.tables.includes(table)).map((call) => call.command);
  }

  it('are read through the product pages\' cache: pages seen, nothing read from the store; read once, there for the page', async () => {
    for (const product of products) expect((await shop.request(`/catalog/products/${product.id}`)).status).toBe(200);
    let answer: Awaited<ReturnType<TestApp['request']>> | undefined;
    const whileSuggesting = await productReads(async () => {
      answer = await shop.request(`/catalog/products/${A.id}/recommendations?limit=9`);
    });
    expect(answer?.status).toBe(200);
    expect(ids(answer!.body)[0]).toBe(B.id);
    expect(whileSuggesting).toEqual([]);

    // A product whose page nobody opened since it changed: read from the store once, in one batch, then its page is a hit.
    await setStock(B, 40);
    const fresh = await productReads(async () => {
      answer = await shop.request(`/catalog/products/${A.id}/recommendations?limit=10`);
    });
    expect(ids(answer!.body)[0]).toBe(B.id);
    expect(answer!.body.items[0].stock).toBe(40);
    expect(fresh).toEqual(['BatchGetItem']);
    const page = await shop.request(`/catalog/products/${B.id}`);
    expect(page.headers.get('x-cache')).toBe('hit');
    expect(page.body).toEqual(answer!.body.items[0]);
    await setStock(B, 50);
  });
});
