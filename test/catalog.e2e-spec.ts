import { demoCatalog, productIdForSku, type Product } from '@gomart/catalog';
import { TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

const SEEDED = 300;
const seeded = demoCatalog(SEEDED);

let shop: TestApp;
let admin: string;
let customer: string;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_PRODUCT_COUNT: String(SEEDED) } });
  admin = shop.token('ada', ['admin']);
  customer = shop.token('carol');
});

afterAll(() => shop.close());

/** Follows nextCursor to the end and returns every item in order. */
async function readAll(path: string): Promise<Product[]> {
  const items: Product[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await shop.request(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path);
    expect(response.status).toBe(200);
    items.push(...(response.body.items as Product[]));
    cursor = response.body.nextCursor as string | null;
    if (!cursor) return items;
  }
  throw new Error('pagination did not end');
}

/** Every word typed starts a word of `text` (case and accents ignored): the old word-prefix rule, as a floor. */
function startsEveryWord(query: string, text: string): boolean {
  const words = (value: string) => value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const have = words(text);
  return words(query).every((typed) => have.some((word) => word.startsWith(typed)));
}

const ids = (products: readonly { id?: string; sku: string }[]) =>
  products.map((product) => product.id ?? productIdForSku(product.sku)).sort();

describe('reading the catalog', () => {
  it('lists 20 products by default with a cursor to the next page', async () => {
    const response = await shop.request('/catalog/products');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(20);
    expect(typeof response.body.nextCursor).toBe('string');
    expect(Object.keys(response.body.items[0]).sort()).toEqual(
      ['brand', 'category', 'currency', 'id', 'imageUrl', 'name', 'priceCents', 'sku', 'soldBy', 'stock', 'unit', 'updatedAt'].sort(),
    );
  });

  it('pages through the whole catalog, every product exactly once', async () => {
    const all = await readAll('/catalog/products?limit=37');
    expect(all).toHaveLength(SEEDED);
    expect(ids(all)).toEqual(ids(seeded));
  });

  it('filters by category, in name order, every product of the aisle exactly once', async () => {
    const dairy = await readAll('/catalog/products?category=dairy-eggs&limit=7');
    const expected = seeded.filter((product) => product.category === 'dairy-eggs');
    expect(dairy.length).toBeGreaterThan(10);
    expect(ids(dairy)).toEqual(ids(expected));
    expect(dairy.every((product) => product.category === 'dairy-eggs')).toBe(true);
    const names = dairy.map((product) => product.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it.each(['milk', 'GREEK yog', 'go mart', 'chips 170', 'yoghurt 1kg'])(
    'finds every product whose name and brand start the words typed, case-insensitively, best first: %s',
    async (q) => {
      const found = await readAll(`/catalog/products?q=${encodeURIComponent(q)}&limit=5`);
      const expected = seeded.filter((product) => startsEveryWord(q, `${product.name} ${product.brand}`));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(found)).toEqual(expect.arrayContaining(ids(expected)));
      // Products with every word typed come before those the search only relates (synonyms, typos).
      expect(ids(found.slice(0, expected.length))).toEqual(ids(expected));
      expect(new Set(ids(found)).size).toBe(found.length);
    },
  );

  it('ignores accents and combines search with a category', async () => {
    const found = await readAll('/catalog/products?q=yoghúrt&category=dairy-eggs&limit=4');
    const expected = seeded.filter((product) => product.category === 'dairy-eggs' && startsEveryWord('yoghurt', product.name));
    expect(found.every((product) => product.category === 'dairy-eggs')).toBe(true);
    expect(ids(found)).toEqual(expect.arrayContaining(ids(expected)));
  });

  it('ignores parameters a listing does not read, such as tracking parameters', async () => {
    const plain = await shop.request('/catalog/products?category=bakery&limit=3');
    const tracked = await shop.request('/catalog/products?category=bakery&limit=3&utm_source=newsletter&utm_campaign=xmas&fbclid=abc');
    expect(tracked.status).toBe(200);
    expect(ids(tracked.body.items)).toEqual(ids(plain.body.items));
  });

  it('gets one product by id, and 404s with a stable code for an unknown one', async () => {
    const [first] = seeded;
    const found = await shop.request(`/catalog/products/${productIdForSku(first!.sku)}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ sku: first!.sku, name: first!.name, priceCents: first!.priceCents, currency: 'AUD' });

    const missing = await shop.request('/catalog/products/no-such-product');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      code: 'PRODUCT_NOT_FOUND',
      message: 'No product with id no-such-product.',
      details: { id: 'no-such-product' },
    });
  });

  it('lists the categories', async () => {
    const response = await shop.request('/catalog/categories');
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThanOrEqual(10);
    expect(response.body.items).toContainEqual({ id: 'fruit-veg', name: 'Fruit & Veg' });
  });

  it.each([
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['category=toys', 'category'],
    ['q=%2B%2B', 'q'],
    ['q=', 'q'],
    ['cursor=not-a-cursor', 'cursor'],
    ['sort=cheapest', 'sort'],
    ['minPriceCents=-1', 'minPriceCents'],
    ['inStock=maybe', 'inStock'],
  ])('rejects a bad query (%s) with 400 naming the field', async (query, field) => {
    const response = await shop.request(`/catalog/products?${query}`);
    expect(response.status).toBe(400);
    // A forged cursor has its own code; every other bad parameter is a validation failure.
    expect(response.body.code).toBe(field === 'cursor' ? 'INVALID_CURSOR' : 'VALIDATION_FAILED');
    expect(response.body.details.fields.map((problem: { field: string }) => problem.field)).toContain(field);
  });

  it('rejects a cursor from another listing', async () => {
    const page = await shop.request('/catalog/products?category=bakery&limit=2');
    const response = await shop.request(`/catalog/products?category=drinks&cursor=${page.body.nextCursor}`);
    expect(response.status).toBe(400);
    expect(response.body.details.fields[0].field).toBe('cursor');
  });

  it('answers unknown routes with ROUTE_NOT_FOUND and echoes the request id', async () => {
    const response = await shop.request('/catalog/nothing-here', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ROUTE_NOT_FOUND');
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });

  it('serves the OpenAPI document and UI', async () => {
    const document = await shop.request('/docs-json');
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/catalog/products', '/catalog/products/{id}', '/catalog/products/{id}/stock', '/health/ready']),
    );
    const ui = await shop.request('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('administering the catalog', () => {
  const newProduct = {
    sku: 'DE-900001',
    name: 'Kefir Cultured Milk 1L',
    brand: 'Biotiful',
    category: 'dairy-eggs',
    priceCents: 695,
    unit: 'each',
    stock: 40,
  };

  it('needs a token (401) and the admin group (403)', async () => {
    const anonymous = await shop.request('/catalog/products', { method: 'POST', body: newProduct });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');

    const tampered = await shop.request('/catalog/products', { method: 'POST', body: newProduct, token: `${admin.slice(0, -4)}AAAA` });
    expect(tampered.status).toBe(401);

    const shopper = await shop.request('/catalog/products', { method: 'POST', body: newProduct, token: customer });
    expect(shopper.status).toBe(403);
    expect(shopper.body.code).toBe('FORBIDDEN');

    expect((await shop.request('/catalog/products/de-900001')).status).toBe(404);
  });

  it('creates a product that is then listed, found and searchable', async () => {
    const created = await shop.request('/catalog/products', { method: 'POST', body: newProduct, token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...newProduct, id: 'de-900001', currency: 'AUD', imageUrl: '/images/aisles/dairy-eggs.svg' });

    const fetched = await shop.request('/catalog/products/de-900001');
    expect(fetched.body).toMatchObject(newProduct);
    const searched = await shop.request('/catalog/products?q=kefir');
    expect(searched.body.items.map((product: Product) => product.id)).toEqual(['de-900001']);
    const aisle = await readAll('/catalog/products?category=dairy-eggs&limit=100');
    expect(aisle.map((product) => product.id)).toContain('de-900001');
  });

  it('refuses a second product with the same SKU', async () => {
    const again = await shop.request('/catalog/products', {
      method: 'POST',
      body: { ...newProduct, name: 'Another Name' },
      token: admin,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SKU_TAKEN', details: { sku: 'DE-900001', id: 'de-900001' } });
    expect((await shop.request('/catalog/products/de-900001')).body.name).toBe(newProduct.name);
    expect((await shop.request('/catalog/products?q=another')).body.items).toEqual([]);
  });

  it.each([
    [{ ...newProduct, sku: 'DE-900002', priceCents: -5 }, ['priceCents']],
    [{ ...newProduct, sku: 'DE-900002', priceCents: '695' }, ['priceCents']],
    [{ ...newProduct, sku: 'DE-900002', stock: 1.5, unit: 'crate' }, ['stock', 'unit']],
    [{ ...newProduct, sku: 'de 900002' }, ['sku']],
    [{ ...newProduct, sku: 'DE-900002', category: 'toys', name: '' }, ['category', 'name']],
    [{ ...newProduct, sku: 'DE-900002', discount: 10 }, ['discount']],
    [{ sku: 'DE-900002' }, ['name', 'brand', 'category', 'priceCents', 'unit', 'stock']],
  ])('rejects an invalid product with 400 and field details, storing nothing (%#)', async (body, fields) => {
    const response = await shop.request('/catalog/products', { method: 'POST', body, token: admin });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const named = response.body.details.fields.map((problem: { field: string }) => problem.field);
    expect(named.sort()).toEqual([...fields].sort());
    expect((await shop.request('/catalog/products/de-900002')).status).toBe(404);
  });

  it('rejects malformed JSON and other media types with stable codes', async () => {
    const broken = await shop.request('/catalog/products', { method: 'POST', body: '{"sku": ', token: admin });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('MALFORMED_REQUEST');
    const text = await shop.request('/catalog/products', {
      method: 'POST',
      body: 'sku=X',
      token: admin,
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('patches descriptive fields, and search follows the new name', async () => {
    const patched = await shop.request('/catalog/products/de-900001', {
      method: 'PATCH',
      body: { name: 'Probiotic Kefir 1L', priceCents: 749 },
      token: admin,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Probiotic Kefir 1L', priceCents: 749, brand: 'Biotiful' });
    expect((await shop.request('/catalog/products/de-900001')).body.priceCents).toBe(749);
    expect((await shop.request('/catalog/products?q=probiotic')).body.items.map((p: Product) => p.id)).toEqual(['de-900001']);
    expect((await shop.request('/catalog/products?q=cultured')).body.items).toEqual([]);
  });

  it('rejects patching the SKU or stock, an empty patch, and unknown products', async () => {
    const sku = await shop.request('/catalog/products/de-900001', { method: 'PATCH', body: { sku: 'X-1' }, token: admin });
    expect(sku.status).toBe(400);
    expect(sku.body.details.fields[0].field).toBe('sku');
    const empty = await shop.request('/catalog/products/de-900001', { method: 'PATCH', body: {}, token: admin });
    expect(empty.status).toBe(400);
    const unknown = await shop.request('/catalog/products/zz-1', { method: 'PATCH', body: { name: 'X' }, token: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('sets the available stock, visible at once to readers', async () => {
    expect((await shop.request('/catalog/products/de-900001')).body.stock).toBe(40);
    const set = await shop.request('/catalog/products/de-900001/stock', { method: 'PUT', body: { stock: 7 }, token: admin });
    expect(set.status).toBe(200);
    expect(set.body.stock).toBe(7);
    expect((await shop.request('/catalog/products/de-900001')).body.stock).toBe(7);

    for (const stock of [-1, '5', 2.5, null]) {
      const bad = await shop.request('/catalog/products/de-900001/stock', { method: 'PUT', body: { stock }, token: admin });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields[0].field).toBe('stock');
    }
    const forbidden = await shop.request('/catalog/products/de-900001/stock', { method: 'PUT', body: { stock: 0 }, token: customer });
    expect(forbidden.status).toBe(403);
    expect((await shop.request('/catalog/products/de-900001')).body.stock).toBe(7);
  });
});
