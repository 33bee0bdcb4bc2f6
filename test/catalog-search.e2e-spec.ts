import { CatalogService, demoCatalog, type NewProduct, type Product } from '@gomart/catalog';
import { TestApp } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * Search in a catalog where a query's longest word is its least selective: 1,100 dairy creams
 * and 30 ice creams. (The word index this once tested read `cream` entries first; the search
 * engine ranks by every word, and these cases stay as its guard.)
 */
const template = demoCatalog(1)[0] as NewProduct;
const product = (sku: string, name: string, category: NewProduct['category']): NewProduct => ({
  ...template,
  sku,
  name,
  brand: 'Go Mart',
  category,
});
const creams = Array.from({ length: 1100 }, (_, index) =>
  product(`DE-${String(700000 + index)}`, `Thickened Cream ${index % 2 ? 300 : 600}ml`, 'dairy-eggs'),
);
const iceCreams = Array.from({ length: 30 }, (_, index) =>
  product(`FZ-${String(700000 + index)}`, `Vanilla Ice Cream Tub ${index + 1}L`, 'frozen'),
);

let shop: TestApp;

beforeAll(async () => {
  shop = await TestApp.start(GomartModule, { env: { SEED_DEMO_CATALOG: 'false' } });
  await shop.app.get(CatalogService).load([...creams, ...iceCreams]);
});

afterAll(() => shop?.close());

async function readAll(path: string): Promise<{ pages: Product[][]; items: Product[] }> {
  const pages: Product[][] = [];
  let cursor: string | null = null;
  do {
    const response = await shop.request(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
    expect(response.status).toBe(200);
    pages.push(response.body.items as Product[]);
    cursor = response.body.nextCursor as string | null;
  } while (cursor && pages.length < 100);
  return { pages, items: pages.flat() };
}

describe('searching with several words', () => {
  it('fills the first page when the longest word is the least selective one', async () => {
    const first = await shop.request('/catalog/products?q=ice%20cream&limit=20');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(20);
    expect((first.body.items as Product[]).every((item) => item.name.startsWith('Vanilla Ice Cream'))).toBe(true);
  });

  it('pages through every match exactly once, in either word order', async () => {
    for (const q of ['ice%20cream', 'cream%20ice']) {
      const { items } = await readAll(`/catalog/products?q=${q}&limit=7`);
      expect(items.map((item) => item.sku).sort()).toEqual(iceCreams.map((item) => item.sku).sort());
    }
  });

  it('follows a rename: the product leaves the results of its old words and joins the new', async () => {
    const admin = shop.token('ada', ['admin']);
    const renamed = await shop.request('/catalog/products/fz-700000', {
      method: 'PATCH',
      body: { name: 'Vanilla Gelato Tub 1L' },
      token: admin,
    });
    expect(renamed.status).toBe(200);
    const { items } = await readAll('/catalog/products?q=ice%20cream&limit=50');
    expect(items).toHaveLength(29);
    // Gelato is also what a shopper calls ice cream (a synonym): the product named so comes first.
    expect((await shop.request('/catalog/products?q=gelato')).body.items.map((item: Product) => item.id)[0]).toBe('fz-700000');
  });

  it('never shows a product twice across pages while products are edited between pages', async () => {
    const admin = shop.token('ada', ['admin']);
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const response = await shop.request(`/catalog/products?category=dairy-eggs&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...(response.body.items as Product[]).map((item) => item.id));
      // Between pages, rename products so they would sort before and after the page boundary.
      const renames = [`de-${700000 + page * 3}`, `de-${701099 - page * 3}`];
      for (const [index, id] of renames.entries()) {
        const name = index === 0 ? `Zesty Cream ${page}` : `Acme Cream ${page}`;
        expect((await shop.request(`/catalog/products/${id}`, { method: 'PATCH', token: admin, body: { name } })).status).toBe(200);
      }
      cursor = response.body.nextCursor as string | null;
      page += 1;
    } while (cursor && page < 40);
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(1000);
  });

  it('counts facets for the query: per aisle and per brand, adding up to the total', async () => {
    const response = await shop.request('/catalog/products?q=cream&limit=5');
    expect(response.status).toBe(200);
    const { total, facets } = response.body as { total: number; facets: { categories: { id: string; count: number }[]; brands: { name: string; count: number }[] } };
    expect(total).toBeGreaterThanOrEqual(1100);
    expect(facets.categories.reduce((sum, facet) => sum + facet.count, 0)).toBe(total);
    expect(facets.brands.reduce((sum, facet) => sum + facet.count, 0)).toBe(total);
    expect(facets.categories.map((facet) => facet.id).sort()).toEqual(['dairy-eggs', 'frozen']);
    const frozen = await shop.request('/catalog/products?q=cream&category=frozen&limit=100');
    expect(frozen.body.total).toBe(facets.categories.find((facet) => facet.id === 'frozen')!.count);
    expect(frozen.body.items.every((item: Product) => item.category === 'frozen')).toBe(true);
  });

  it('rejects a cursor from another query', async () => {
    const first = await shop.request('/catalog/products?q=ice%20cream&limit=5');
    const other = await shop.request(`/catalog/products?q=vanilla&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(other.status).toBe(400);
    expect(other.body.details.fields[0].field).toBe('cursor');
  });
});
