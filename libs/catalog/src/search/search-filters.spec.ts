import fc from 'fast-check';
import { MiniSearchProductSearch } from './minisearch-product-search';
import { SEARCH_SORTS, type SearchDoc, type SearchQuery } from './product-search';
import { demoSearchDocs } from './search-docs';
import { searchDoc } from './search-test-docs';
import { normalizeText } from './text-analysis';

const WORDS = [
  'milk',
  'bread',
  'cheese',
  'apples',
  'chips',
  'cola',
  'yoghurt',
  'greek',
  'cream',
  'organic',
  'stage',
  '3',
  '2L',
];
const AISLES = [
  { id: 'dairy-eggs', name: 'Dairy & Eggs' },
  { id: 'bakery', name: 'Bakery' },
  { id: 'snacks', name: 'Snacks & Confectionery' },
  { id: 'drinks', name: 'Drinks' },
];
const BRANDS = ['Go Mart', "Smith's", 'Pura', 'Helga’s', 'Coca-Cola'];
const QUERIES = [
  undefined,
  'milk',
  'bread',
  'cheese',
  'apple',
  'chips',
  'cola',
  'yogurt',
  'organic milk',
  'cream',
  'mlik',
  'stage 3',
];

const docsArbitrary = fc
  .array(
    fc.record({
      words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
      aisle: fc.constantFrom(...AISLES),
      brand: fc.constantFrom(...BRANDS),
      priceCents: fc.integer({ min: 0, max: 2000 }),
      stock: fc.integer({ min: 0, max: 3 }),
    }),
    { minLength: 1, maxLength: 90 },
  )
  .map((rows) =>
    rows.map((row, index) =>
      searchDoc({
        id: `p-${String(index).padStart(3, '0')}`,
        name: row.words.join(' '),
        brand: row.brand,
        category: row.aisle.id,
        categoryName: row.aisle.name,
        priceCents: row.priceCents,
        stock: row.stock,
      }),
    ),
  );

const queryArbitrary = fc.record({
  q: fc.constantFrom(...QUERIES),
  category: fc.option(fc.constantFrom(...AISLES.map((aisle) => aisle.id)), { nil: undefined }),
  brand: fc.option(fc.constantFrom(...BRANDS, 'go mart', 'HELGA’S'), { nil: undefined }),
  minPriceCents: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  maxPriceCents: fc.option(fc.integer({ min: 1000, max: 2000 }), { nil: undefined }),
  inStock: fc.option(fc.boolean(), { nil: undefined }),
  sort: fc.constantFrom(...SEARCH_SORTS),
});

/** Counts by key, sorted by count, then by label, as the facets are. */
function tally(docs: readonly SearchDoc[], key: (doc: SearchDoc) => string, label: (doc: SearchDoc) => string) {
  const counts = new Map<string, { label: string; count: number }>();
  for (const doc of docs) {
    const entry = counts.get(key(doc)) ?? { label: label(doc), count: 0 };
    entry.count += 1;
    counts.set(key(doc), entry);
  }
  return [...counts].sort(([, a], [, b]) => b.count - a.count || a.label.localeCompare(b.label, 'en'));
}

describe('filters, facets and sorts', () => {
  it('counts, in each facet, the matching products with the other filters applied', async () => {
    await fc.assert(
      fc.asyncProperty(docsArbitrary, queryArbitrary, async (docs, query) => {
        const search = new MiniSearchProductSearch();
        await search.replaceAll(docs);
        const byId = new Map(docs.map((doc) => [doc.id, doc]));
        // The text matches, without filters (one page holds them all: at most 90 products).
        const textMatches = (await search.search({ q: query.q, sort: 'relevance', limit: 100 })).ids.map((id) =>
          byId.get(id)!,
        );
        const brandOf = (doc: SearchDoc) => normalizeText(doc.brand);
        const passes = (doc: SearchDoc, except?: 'category' | 'brand') =>
          (except === 'category' || query.category === undefined || doc.category === query.category) &&
          (except === 'brand' || query.brand === undefined || brandOf(doc) === normalizeText(query.brand)) &&
          (query.minPriceCents === undefined || doc.priceCents >= query.minPriceCents) &&
          (query.maxPriceCents === undefined || doc.priceCents <= query.maxPriceCents) &&
          (query.inStock !== true || doc.stock > 0);

        const page = await search.search({ ...query, limit: 100 });

        const expected = textMatches.filter((doc) => passes(doc));
        expect(page.total).toBe(expected.length);
        expect([...page.ids].sort()).toEqual(expected.map((doc) => doc.id).sort());
        const categories = tally(
          textMatches.filter((doc) => passes(doc, 'category')),
          (doc) => doc.category,
          (doc) => doc.categoryName,
        );
        expect(page.facets.categories).toEqual(categories.map(([id, { count }]) => ({ id, count })));
        const brands = tally(
          textMatches.filter((doc) => passes(doc, 'brand')),
          brandOf,
          (doc) => doc.brand,
        );
        expect(page.facets.brands).toEqual(brands.map(([, { label, count }]) => ({ name: label, count })));
      }),
      { numRuns: 150 },
    );
  });

  describe('on the demo catalog', () => {
    const docs = demoSearchDocs(2000);
    const byId = new Map(docs.map((doc) => [doc.id, doc]));
    const search = new MiniSearchProductSearch();
    const products = async (query: Omit<SearchQuery, 'limit'>) =>
      (await search.search({ ...query, limit: 100 })).ids.map((id) => byId.get(id)!);

    beforeAll(() => search.replaceAll(docs));

    it('keeps to a price range, inclusive', async () => {
      const found = await products({ q: 'milk', minPriceCents: 300, maxPriceCents: 450, sort: 'relevance' });
      expect(found.length).toBeGreaterThan(0);
      for (const doc of found) expect(doc.priceCents).toBeGreaterThanOrEqual(300);
      for (const doc of found) expect(doc.priceCents).toBeLessThanOrEqual(450);
    });

    it('keeps to an aisle and a brand, the brand without regard to case', async () => {
      const found = await products({ q: 'bread', category: 'bakery', brand: "HELGA'S", sort: 'relevance' });
      expect(found.length).toBeGreaterThan(0);
      for (const doc of found) expect(doc).toMatchObject({ category: 'bakery', brand: "Helga's" });
    });

    it('leaves out products without stock when asked', async () => {
      const all = await search.search({ sort: 'name', limit: 1 });
      const inStock = await search.search({ sort: 'name', limit: 1, inStock: true });
      expect(inStock.total).toBe(docs.filter((doc) => doc.stock > 0).length);
      expect(inStock.total).toBeLessThan(all.total);
    });

    it('sorts by price either way and by name, and lists by name when there is no text', async () => {
      const asc = await products({ category: 'dairy-eggs', sort: 'price-asc' });
      const desc = await products({ category: 'dairy-eggs', sort: 'price-desc' });
      const byName = await products({ category: 'dairy-eggs', sort: 'name' });
      const byRelevance = await products({ category: 'dairy-eggs', sort: 'relevance' });
      const ascending = asc.map((doc) => doc.priceCents);
      const descending = desc.map((doc) => doc.priceCents);
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      expect(descending).toEqual([...descending].sort((a, b) => b - a));
      expect(descending[0]).toBe(
        Math.max(...docs.filter((doc) => doc.category === 'dairy-eggs').map((doc) => doc.priceCents)),
      );
      const names = byName.map((doc) => doc.name.toLowerCase());
      expect(names).toEqual([...names].sort());
      expect(byRelevance).toEqual(byName);
    });
  });
});
