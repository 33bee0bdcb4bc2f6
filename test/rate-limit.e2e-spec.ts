import { randomUUID } from 'node:crypto';
import { RedisServer, TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * One client cannot take the shop for itself: placement and search have tight per-client
 * limits, everything else a generous one, each answered 429 RATE_LIMITED with Retry-After;
 * a customer is counted by token, anyone else by the client IP behind the trusted proxy; with
 * Redis the count is shared by every instance.
 */
const LIMITS = { RATE_LIMIT_ORDERS_MAX: '3', RATE_LIMIT_SEARCH_MAX: '3', RATE_LIMIT_MAX: '50', TRUST_PROXY_HOPS: '1' };

const order = (shop: TestApp, token: string) =>
  shop.request('/orders', { method: 'POST', token, body: { lines: [] }, headers: { 'idempotency-key': randomUUID() } });

function expectRateLimited(response: { status: number; body: unknown; headers: Headers }): void {
  expect(response.status).toBe(429);
  expect(response.body).toEqual({ code: 'RATE_LIMITED', message: expect.any(String), retryAfterSeconds: expect.any(Number) });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

/** `gomart_rate_limited_total` at `GET /metrics` (whose own requests count in the general bucket, 50 here). */
async function rateLimitedCount(shop: TestApp): Promise<number> {
  const response = await shop.request('/metrics', { headers: { 'x-forwarded-for': '192.0.2.99' } });
  expect(response.status).toBe(200);
  const line = response.text.split('\n').find((candidate) => candidate.startsWith('gomart_rate_limited_total'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('in memory', () => {
  let shop: TestApp;

  beforeAll(async () => {
    shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '20', ...LIMITS } });
  });

  afterAll(() => shop.close());

  it('limits placements per customer, not per connection or IP', async () => {
    const limitedBefore = await rateLimitedCount(shop);
    const alice = shop.token('alice-rl');
    for (let attempt = 0; attempt < 3; attempt++) expect((await order(shop, alice)).status).toBe(400);
    expectRateLimited(await order(shop, alice));
    expectRateLimited(await order(shop, alice));
    // Each refusal is counted in RateLimited, the metric the 429 alarm reads.
    expect(await rateLimitedCount(shop)).toBe(limitedBefore + 2);
    // Another customer from the same address still places.
    expect((await order(shop, shop.token('bob-rl'))).status).toBe(400);
  });

  it('limits searches per client IP (behind the proxy), and leaves other clients alone', async () => {
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await shop.request(`/catalog/products?q=apple${attempt}`, from('203.0.113.5'))).status).toBe(200);
    }
    expectRateLimited(await shop.request('/catalog/products?q=pear', from('203.0.113.5')));
    expect((await shop.request('/catalog/products?q=pear', from('203.0.113.6'))).status).toBe(200);
    // Browsing without a search is the general bucket, still open to the searcher.
    expect((await shop.request('/catalog/products?limit=1', from('203.0.113.5'))).status).toBe(200);
  });

  it('counts forged tokens by IP, so they cannot mint fresh allowances', async () => {
    const forged = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`;
    const answers = [];
    for (let attempt = 0; attempt < 55; attempt++) {
      answers.push((await shop.request('/orders?limit=1', { headers: { authorization: `Bearer ${forged}${attempt}`, 'x-forwarded-for': '198.51.100.7' } })).status);
    }
    expect(answers.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(answers.slice(50).every((status) => status === 429)).toBe(true);
  });
});

describe('with Redis', () => {
  let redis: RedisServer;
  let shops: TestApp[];

  beforeAll(async () => {
    redis = await RedisServer.start();
    shops = await Promise.all(
      [0, 1].map(() => TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '20', REDIS_URL: redis.url, ...LIMITS } })),
    );
  });

  afterAll(async () => {
    await Promise.all(shops.map((shop) => shop.close()));
    await redis.stop();
  });

  it('shares one count across instances', async () => {
    const [first, second] = shops as [TestApp, TestApp];
    const carol = first.token('carol-rl');
    // The apps have their own keys: each signs its own token for the same customer.
    expect((await order(first, carol)).status).toBe(400);
    expect((await order(second, second.token('carol-rl'))).status).toBe(400);
    expect((await order(first, carol)).status).toBe(400);
    expectRateLimited(await order(second, second.token('carol-rl')));
  });
});
