import { TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * HTTP caching as a browser, CloudFront or a proxy sees it: public catalog reads say how long
 * they may be kept and carry a strong ETag, a conditional repeat is a bodiless 304, a write
 * changes the ETag, and every authenticated route (all of them, from the OpenAPI document)
 * says `private, no-store`.
 */
let shop: TestApp;
let admin: string;

const PUBLIC = 'public, max-age=10, stale-while-revalidate=20';

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: '120', LOG_LEVEL: 'error' } });
  admin = shop.token('ada', ['admin', 'staff']);
});

afterAll(() => shop.close());

const conditional = (path: string, etag: string) => shop.request(path, { headers: { 'if-none-match': etag } });

describe('public catalog reads', () => {
  it.each([
    ['/catalog/products/fv-000001', PUBLIC],
    ['/catalog/products?category=bakery&limit=5', PUBLIC],
    ['/catalog/products?q=milk', PUBLIC],
    ['/catalog/categories', PUBLIC],
    // Suggestions live 15 s in the cache: an edge copy stays within that too.
    ['/catalog/products/fv-000001/recommendations', 'public, max-age=10, stale-while-revalidate=5'],
  ])('%s may be cached, carries a strong ETag, and a repeat with it is a 304 with no body', async (path, cacheControl) => {
    const first = await shop.request(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe(cacheControl);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(Number(first.headers.get('age'))).toBeGreaterThanOrEqual(0);

    const again = await shop.request(path);
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.headers.get('etag')).toBe(etag);

    const unchanged = await conditional(path, etag!);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(unchanged.headers.get('cache-control')).toBe(cacheControl);
    expect(unchanged.headers.get('x-cache')).toBe('hit');
    expect(unchanged.headers.get('x-request-id')).toBeTruthy();
  });

  it('matches If-None-Match as RFC 9110 says: a list, a weak copy of the tag, or *', async () => {
    const { headers } = await shop.request('/catalog/products/fv-000002');
    const etag = headers.get('etag')!;
    expect((await conditional('/catalog/products/fv-000002', `"other", ${etag}`)).status).toBe(304);
    expect((await conditional('/catalog/products/fv-000002', `W/${etag}`)).status).toBe(304);
    expect((await conditional('/catalog/products/fv-000002', '*')).status).toBe(304);
    const stale = await conditional('/catalog/products/fv-000002', '"not-this-one"');
    expect(stale.status).toBe(200);
    expect(stale.body.id).toBe('fv-000002');
  });

  it('changes the ETag when the product is written, and answers the old one with the new body', async () => {
    const path = '/catalog/products/bk-000003';
    const before = await shop.request(path);
    const oldTag = before.headers.get('etag')!;
    const patched = await shop.request(path, { method: 'PATCH', token: admin, body: { priceCents: before.body.priceCents + 10 } });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('cache-control')).toBe('private, no-store');

    const after = await conditional(path, oldTag);
    expect(after.status).toBe(200);
    expect(after.body.priceCents).toBe(before.body.priceCents + 10);
    expect(after.headers.get('etag')).not.toBe(oldTag);
    expect((await conditional(path, after.headers.get('etag')!)).status).toBe(304);
  });

  it('answers 304 on a miss too, when the body read again from the source is the same', async () => {
    // The whole aisle on one page: no cursor, whose issue time would make each read differ.
    const path = '/catalog/products?category=bakery&limit=50';
    const page = await shop.request(path);
    expect(page.body.nextCursor).toBeNull();
    const etag = page.headers.get('etag')!;
    // Any product write drops every listing page from the cache; this one is in another aisle.
    const patched = await shop.request('/catalog/products/fv-000004', { method: 'PATCH', token: admin, body: { brand: 'Elsewhere' } });
    expect(patched.status).toBe(200);
    const reread = await conditional(path, etag);
    expect(reread.headers.get('x-cache')).toBe('miss');
    expect(reread.status).toBe(304);
    expect(reread.text).toBe('');
  });

  it('does not let anything cache a not-found or an invalid listing', async () => {
    for (const path of ['/catalog/products/zz-404404', '/catalog/products?limit=1000']) {
      const response = await shop.request(path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('etag')).toBeNull();
    }
  });
});

interface OpenApiOperation {
  readonly security?: unknown[];
}

describe('authenticated and personal answers', () => {
  it('every route the API document marks as needing a token answers private, no-store, with or without one', async () => {
    const document = await shop.request('/docs-json');
    const paths = document.body.paths as Record<string, Record<string, OpenApiOperation>>;
    const authenticated = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => (operation.security ?? []).length > 0)
        .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    // The document names the bearer routes of every module; a handful would mean it lost them.
    expect(authenticated.length).toBeGreaterThanOrEqual(15);
    expect(authenticated.map(({ path }) => path)).toEqual(expect.arrayContaining(['/orders', '/recommendations/for-me', '/catalog/products']));

    const answered: string[] = [];
    for (const { path, method } of authenticated) {
      const concrete = path.replace(/\{[^}]+\}/g, 'x-1');
      const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
      for (const token of [admin, undefined]) {
        const response = await shop.request(concrete, { method, token, body, headers: { 'idempotency-key': 'cache-control-check' } });
        expect({ method, path, status: response.status, cacheControl: response.headers.get('cache-control') }).toEqual({
          method,
          path,
          status: response.status,
          cacheControl: 'private, no-store',
        });
        if (token && response.status < 300) answered.push(`${method} ${path}`);
      }
    }
    // Not only refusals: personal answers that succeed are covered too.
    expect(answered).toEqual(expect.arrayContaining(['GET /orders', 'GET /recommendations/for-me']));
  });

  it('a personal read through the cache keeps private, no-store on its hits', async () => {
    const customer = shop.token('carol');
    for (let i = 0; i < 2; i++) {
      const response = await shop.request('/recommendations/for-me', { token: customer });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    }
  });
});
