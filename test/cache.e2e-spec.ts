import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDynamo } from '@gomart/dynamo';
import { CATALOG_PORT, type CatalogPort } from '@gomart/contracts';
import { RedisServer, TestApp, waitFor } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * The read-through cache against a real redis-server: two app instances share it and one
 * DynamoDB-API server (dynalite), as two tasks behind a load balancer would.
 */
let redis: RedisServer;
let dynamo: EmbeddedDynamo;
let dataDir: string;
let a: TestApp;
let b: TestApp;
let admin: string;
let env: Record<string, string>;

beforeAll(async () => {
  [redis, dynamo, dataDir] = await Promise.all([
    RedisServer.start(),
    EmbeddedDynamo.start(),
    mkdtemp(join(tmpdir(), 'gomart-cache-')),
  ]);
  env = {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    REDIS_URL: redis.url,
    SEED_PRODUCT_COUNT: '200',
    CACHE_MEMORY_TTL_MS: '60000',
    CACHE_REDIS_TTL_MS: '60000',
    CACHE_BREAKER_RESET_MS: '500',
    LOG_LEVEL: 'error',
  };
  a = await TestApp.start(GomartModule, { env, dataDir });
  b = await TestApp.start(GomartModule, { env, dataDir });
  admin = a.token('ada', ['admin']);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([redis?.dispose(), dynamo?.stop(), rm(dataDir, { recursive: true, force: true })]);
});

const stats = async (app: TestApp) => (await app.request('/health/cache')).body;

describe('read-through cache', () => {
  it('answers the second read of a product from the cache', async () => {
    const first = await a.request('/catalog/products/fv-000001');
    const second = await a.request('/catalog/products/fv-000001');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('miss');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
  });

  it('shares entries between instances through Redis', async () => {
    await a.request('/catalog/products/fv-000002');
    const before = await stats(b);
    const throughB = await b.request('/catalog/products/fv-000002');
    expect(throughB.headers.get('x-cache')).toBe('hit');
    expect((await stats(b)).redis.hits).toBe(before.redis.hits + 1);
  });

  it('does one source read for 100 concurrent misses on one key', async () => {
    const before = await stats(a);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => a.request('/catalog/products?category=bakery&limit=50')),
    );
    const after = await stats(a);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    expect(after.sourceReads - before.sourceReads).toBe(1);
  });

  it("follows an admin edit made through one instance in the other's search, within moments", async () => {
    const before = await b.request('/catalog/products?q=quokka');
    expect(before.body.items).toHaveLength(0);
    const renamed = await a.request('/catalog/products/bk-000003', { method: 'PATCH', token: admin, body: { name: 'Quokka Crumpets 6 pack' } });
    expect(renamed.status).toBe(200);
    const found = await waitFor('the rename in the other instance', async () => {
      const response = await b.request('/catalog/products?q=quokka');
      return response.body.items.length > 0 ? response : undefined;
    }, { timeoutMs: 5000 });
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual(['bk-000003']);
  });

  it('caches a not-found briefly, and a create makes the product visible at once', async () => {
    const missing = await a.request('/catalog/products/pe-900001');
    const again = await a.request('/catalog/products/pe-900001');
    expect(missing.status).toBe(404);
    expect(again.status).toBe(404);
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.body.code).toBe('PRODUCT_NOT_FOUND');

    const body = { sku: 'PE-900001', name: 'Budgie Seed 1kg', brand: 'Trill', category: 'pet', priceCents: 499, unit: 'each', stock: 9 };
    expect((await b.request('/catalog/products', { method: 'POST', body, token: admin })).status).toBe(201);
    expect((await a.request('/catalog/products/pe-900001')).status).toBe(200);
  });

  it('shows a write through instance A at once through instance B', async () => {
    const cached = await b.request('/catalog/products/dr-000003');
    expect((await b.request('/catalog/products/dr-000003')).headers.get('x-cache')).toBe('hit');
    const page = await b.request('/catalog/products?q=cola&limit=100');
    expect(page.body.items.some((product: { id: string }) => product.id === 'dr-000003')).toBe(true);

    const patched = await a.request('/catalog/products/dr-000003', {
      method: 'PATCH',
      body: { name: 'Sparkling Yuzu Soda 1.25L', priceCents: cached.body.priceCents + 100 },
      token: admin,
    });
    expect(patched.status).toBe(200);

    const seen = await b.request('/catalog/products/dr-000003');
    expect(seen.body.name).toBe('Sparkling Yuzu Soda 1.25L');
    expect(seen.body.priceCents).toBe(cached.body.priceCents + 100);
    const search = await b.request('/catalog/products?q=yuzu&limit=100');
    expect(search.body.items.map((product: { id: string }) => product.id)).toEqual(['dr-000003']);

    const stock = await a.request('/catalog/products/dr-000003/stock', { method: 'PUT', body: { stock: 3 }, token: admin });
    expect(stock.status).toBe(200);
    expect((await b.request('/catalog/products/dr-000003')).body.stock).toBe(3);
  });

  it('gives suggestions a product read from the store within the memory TTL, whatever older copy Redis holds', async () => {
    // A third instance whose memory tier keeps an entry 1 s.
    const c = await TestApp.start(GomartModule, { env: { ...env, CACHE_MEMORY_TTL_MS: '1000' }, dataDir });
    try {
      const id = 'hh-000004';
      const page = await a.request(`/catalog/products/${id}`);
      expect(page.status).toBe(200);
      // Stock an order takes is not invalidated (README: the shown stock may lag).
      const reserved = await a.app.get<CatalogPort>(CATALOG_PORT).reserve({ productId: id, orderId: 'cache-suggestions', quantity: 2 });
      expect(reserved.reserved).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      // The page still answers the copy in Redis, as its own lag allows...
      const shown = await c.request(`/catalog/products/${id}`);
      expect(shown.headers.get('x-cache')).toBe('hit');
      expect(shown.body.stock).toBe(page.body.stock);
      // ...a suggestion reads the product again: the copy is older than c's memory TTL.
      const [described] = await c.app.get<CatalogPort>(CATALOG_PORT).describeProducts([id]);
      expect(described?.stock).toBe(page.body.stock - 2);
      // And the page now has the fresh read too.
      expect((await c.request(`/catalog/products/${id}`)).body.stock).toBe(page.body.stock - 2);
    } finally {
      await c.close();
    }
  });

  it('keeps serving when Redis hangs: the circuit opens and reads go to the source', async () => {
    const page = await a.request('/catalog/products?limit=100');
    const unread = (page.body.items as { id: string }[]).map((product) => product.id).filter((id) => !/^(fv|dr|pe|hh)-/.test(id));
    // CLIENT PAUSE makes Redis accept commands but not answer them: the slow-Redis case.
    await redis.command('CLIENT', 'PAUSE', '1500', 'ALL');
    const reads = await Promise.all(unread.slice(0, 60).map((id) => a.request(`/catalog/products/${id}`)));
    expect(reads).toHaveLength(60);
    expect(reads.every((read) => read.status === 200 && read.headers.get('x-cache') === 'miss')).toBe(true);
    const during = await stats(a);
    expect(during.redis.errors).toBeGreaterThan(0);
    // Open, or already half-open when the reads took longer than the breaker's cooldown (a loaded machine): it tripped either way.
    expect(['open', 'half-open']).toContain(during.redis.circuit);
    // Once Redis answers again, the breaker's half-open probe closes the circuit.
    await waitFor('circuit to close', async () => {
      await a.request(`/catalog/products/${unread[60 + Math.floor(Math.random() * 20)]}`);
      return (await stats(a)).redis.circuit === 'closed' ? true : undefined;
    });
  });

  it('keeps serving when Redis is down, and readiness reports it', async () => {
    await redis.stop();
    const read = await a.request('/catalog/products/hh-000001');
    expect(read.status).toBe(200);
    expect(read.headers.get('x-cache')).toBe('miss');
    expect(read.body.sku).toBe('HH-000001');
    const list = await a.request('/catalog/products?category=household&limit=3');
    expect(list.status).toBe(200);

    const ready = await a.request('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.details.redis.status).toBe('degraded');
    expect(ready.body.details.dynamodb.status).toBe('up');

    // Writes still succeed (the invalidation that cannot reach Redis is logged, not fatal).
    const write = await a.request('/catalog/products/hh-000001/stock', { method: 'PUT', body: { stock: 11 }, token: admin });
    expect(write.status).toBe(200);
    expect((await a.request('/catalog/products/hh-000001')).body.stock).toBe(11);

    await redis.resume();
    await waitFor('readiness to recover', async () => ((await a.request('/health/ready')).body.status === 'ok' ? true : undefined));
  });
});

describe('a Redis that requires AUTH (ElastiCache with an auth token), and that readiness requires', () => {
  let secured: RedisServer;
  let app: TestApp;

  beforeAll(async () => {
    secured = await RedisServer.start({ password: 'local-test-token' });
    app = await TestApp.start(GomartModule, {
      dataDir,
      env: {
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        DYNAMODB_CREATE_TABLES: 'false',
        SEED_DEMO_CATALOG: 'false',
        REDIS_URL: secured.url,
        REDIS_PASSWORD: 'local-test-token',
        CACHE_MEMORY_TTL_MS: '0',
        READY_REQUIRES_REDIS: 'true',
        LOG_LEVEL: 'error',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await secured?.dispose();
  });

  it('authenticates with REDIS_PASSWORD and serves hits from Redis', async () => {
    expect((await app.request('/catalog/products/bk-000001')).headers.get('x-cache')).toBe('miss');
    const second = await app.request('/catalog/products/bk-000001');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect((await app.request('/health/cache')).body.redis.hits).toBe(1);
    expect(await secured.command('EXISTS', 'gomart:cache:catalog:product:bk-000001')).toBe(1);
    expect((await app.request('/health/ready')).body.details.redis.status).toBe('up');
  });

  it('answers 503 on readiness when Redis is down and READY_REQUIRES_REDIS=true, and still serves reads', async () => {
    await secured.stop();
    const ready = await app.request('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details.redis.status).toBe('down');
    const read = await app.request('/catalog/products/bk-000002');
    expect(read.status).toBe(200);
    expect(read.headers.get('x-cache')).toBe('miss');
  });
});
