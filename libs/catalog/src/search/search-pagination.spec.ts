import fc from 'fast-check';
import { MiniSearchProductSearch } from './minisearch-product-search';
import { SEARCH_SORTS, type SearchDoc, type SearchQuery } from './product-search';
import { searchDoc, TestClock } from './search-test-docs';

const WORDS = [
  'milk',
  'full',
  'cream',
  'skim',
  'bread',
  'white',
  'cheese',
  'tasty',
  'chips',
  'salted',
  'organic',
  'lite',
  '2L',
  '1L',
];
const AISLES = ['dairy-eggs', 'bakery', 'snacks'];
const BRANDS = ['Go Mart', 'Pura', 'Bega', "Smith's"];
const QUERIES = [
  undefined,
  'milk',
  'cream',
  'full cream milk',
  'organic',
  'cheese',
  'bread',
  'chips',
  'mlik',
  'lite milk 2l',
];

const nameArbitrary = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 })
  .map((words) => words.join(' '));
const productArbitrary = fc.record({
  name: nameArbitrary,
  brand: fc.constantFrom(...BRANDS),
  category: fc.constantFrom(...AISLES),
  priceCents: fc.integer({ min: 100, max: 1000 }),
  stock: fc.integer({ min: 0, max: 3 }),
});

/** What may happen to the catalog between two page reads. */
const changeArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), target: fc.nat(), product: productArbitrary }),
  fc.record({ kind: fc.constant('add' as const), product: productArbitrary }),
  fc.record({ kind: fc.constant('remove' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('stock' as const), target: fc.nat(), stock: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('popularity' as const), target: fc.nat(), units: fc.nat({ max: 50 }) }),
);
type Change = typeof changeArbitrary extends fc.Arbitrary<infer T> ? T : never;

const scenarioArbitrary = fc.record({
  products: fc.array(productArbitrary, { minLength: 1, maxLength: 60 }),
  q: fc.constantFrom(...QUERIES),
  sort: fc.constantFrom(...SEARCH_SORTS),
  inStock: fc.boolean(),
  limit: fc.integer({ min: 1, max: 7 }),
  /** Changes to make before each page read after the first, and how far the clock moves (0: same millisecond). */
  rounds: fc.array(
    fc.record({ changes: fc.array(changeArbitrary, { maxLength: 4 }), tick: fc.integer({ min: 0, max: 2 }) }),
    {
      maxLength: 30,
    },
  ),
});

class Catalog {
  readonly clock = new TestClock();
  readonly search = new MiniSearchProductSearch({ now: this.clock.now, cursorSecret: 'test' });
  private readonly docs = new Map<string, SearchDoc>();
  private readonly popularity = new Map<string, number>();
  /** Products edited, removed, restocked or re-ranked since the listing began. */
  readonly touched = new Set<string>();
  private serial = 0;

  async load(products: readonly Omit<SearchDoc, 'id' | 'sku' | 'categoryName' | 'updatedAt'>[]): Promise<void> {
    const docs = products.map((product) => this.doc(product));
    for (const doc of docs) this.docs.set(doc.id, doc);
    await this.search.replaceAll(docs);
  }

  async apply(change: Change): Promise<void> {
    const ids = [...this.docs.keys()];
    const target = 'target' in change && ids.length > 0 ? ids[change.target % ids.length] : undefined;
    if (change.kind === 'add') {
      const doc = this.doc(change.product);
      this.docs.set(doc.id, doc);
      return this.search.upsert(doc);
    }
    if (target === undefined) return;
    this.touched.add(target);
    if (change.kind === 'edit') {
      const doc = { ...this.doc(change.product), id: target, sku: target.toUpperCase() };
      this.docs.set(target, doc);
      return this.search.upsert(doc);
    }
    if (change.kind === 'remove') {
      this.docs.delete(target);
      return this.search.remove(target);
    }
    if (change.kind === 'stock') {
      this.docs.set(target, { ...this.docs.get(target)!, stock: change.stock });
      return this.search.setStock(target, change.stock);
    }
    this.popularity.set(target, change.units);
    return this.search.setPopularity(target, change.units);
  }

  /** An index built from scratch from the products as they are now. */
  async builtAfresh(): Promise<MiniSearchProductSearch> {
    const fresh = new MiniSearchProductSearch({ now: this.clock.now });
    await fresh.replaceAll(this.docs.values());
    for (const [id, units] of this.popularity) if (this.docs.has(id)) await fresh.setPopularity(id, units);
    return fresh;
  }

  private doc(product: Omit<SearchDoc, 'id' | 'sku' | 'categoryName' | 'updatedAt'>): SearchDoc {
    const id = `p-${String(this.serial++).padStart(4, '0')}`;
    return searchDoc({ ...product, id, categoryName: product.category, updatedAt: this.clock.iso() });
  }
}

/** Reads every page of a query, making each round's changes before the next read. */
async function walk(
  catalog: Catalog,
  query: Omit<SearchQuery, 'cursor'>,
  rounds: readonly { changes: Change[]; tick: number }[],
) {
  const seen: string[] = [];
  let page = await catalog.search.search(query);
  seen.push(...page.ids);
  for (let round = 0; page.nextCursor !== null; round++) {
    for (const change of rounds[round]?.changes ?? []) await catalog.apply(change);
    catalog.clock.advance(rounds[round]?.tick ?? 1);
    page = await catalog.search.search({ ...query, cursor: page.nextCursor });
    seen.push(...page.ids);
  }
  return seen;
}

// PROPERTY_RUNS=10000 runs the no-repeat property harder (a few minutes on a busy machine).
describe('pagination', () => {
  it('walks every match once, in the order of one big page, when nothing changes', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ products, q, sort, inStock, limit }) => {
        const catalog = new Catalog();
        await catalog.load(products);
        const query = { q, sort, inStock, limit };
        const whole = await catalog.search.search({ ...query, limit: 100 });
        expect(await walk(catalog, query, [])).toEqual(whole.ids);
      }),
      { numRuns: 150 },
    );
  });

  it('never shows a product twice while products are edited, added, removed and restocked between pages', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ products, q, sort, inStock, limit, rounds }) => {
        const catalog = new Catalog();
        await catalog.load(products);
        const seen = await walk(catalog, { q, sort, inStock, limit }, rounds);
        expect(seen.length).toBe(new Set(seen).size);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
    );
  });

  it('answers, after any changes, as an index built afresh from the same products', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ products, q, sort, inStock, rounds }) => {
        const catalog = new Catalog();
        await catalog.load(products);
        for (const change of rounds.flatMap((round) => round.changes)) await catalog.apply(change);
        const fresh = await catalog.builtAfresh();
        const query = { q, sort, inStock, limit: 100 };
        const [changed, rebuilt] = [await catalog.search.search(query), await fresh.search(query)];
        expect({ ...changed, nextCursor: null }).toEqual({ ...rebuilt, nextCursor: null });
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });

  it('misses no untouched product of a listing while others change', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ products, sort, inStock, limit, rounds }) => {
        const catalog = new Catalog();
        await catalog.load(products);
        const before = new Set((await catalog.search.search({ sort, inStock, limit: 100 })).ids);
        const seen = new Set(await walk(catalog, { sort, inStock, limit }, rounds));
        for (const id of before) if (!catalog.touched.has(id)) expect(seen).toContain(id);
      }),
      { numRuns: 200 },
    );
  });
});
