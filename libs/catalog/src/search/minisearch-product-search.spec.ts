import MiniSearch from 'minisearch';
import { ErrorCode } from '@gomart/contracts';
import { MiniSearchProductSearch } from './minisearch-product-search';
import type { SearchDoc } from './product-search';
import { demoSearchDocs } from './search-docs';
import { InvalidCursorError, InvalidSearchQueryError } from './search-errors';
import { searchDoc } from './search-test-docs';

async function engineWith(docs: readonly SearchDoc[]): Promise<MiniSearchProductSearch> {
  const search = new MiniSearchProductSearch();
  await search.replaceAll(docs);
  return search;
}

describe('MiniSearchProductSearch on the demo catalog', () => {
  const docs = demoSearchDocs(2000);
  const byId = new Map(docs.map((doc) => [doc.id, doc]));
  let search: MiniSearchProductSearch;
  const top = async (q: string, limit = 5) =>
    (await search.search({ q, sort: 'relevance', limit })).ids.map((id) => byId.get(id)!);
  const topNames = async (q: string, limit = 5) => (await top(q, limit)).map((doc) => doc.name);

  beforeAll(async () => {
    search = await engineWith(docs);
  });

  describe('answers the queries shoppers complained about', () => {
    it('yogurt finds the Yoghurts', async () => {
      expect(await topNames('yogurt')).toEqual(expect.arrayContaining([expect.stringMatching(/Yoghurt/)]));
      for (const name of await topNames('yogurt')) expect(name).toMatch(/Yoghurt/);
    });

    it('mlik finds milk', async () => {
      const [first, ...rest] = await topNames('mlik');
      expect(first).toMatch(/^(Lite |Organic )?(Full Cream|Skim|Lactose Free|Oat|Almond) Milk/);
      for (const name of rest) expect(name).toMatch(/Milk/);
    });

    it('icecream finds Ice Cream', async () => {
      for (const name of await topNames('icecream')) expect(name).toMatch(/Ice Cream/);
    });

    it("smiths finds Smith's and helgas finds Helga's", async () => {
      for (const doc of await top('smiths')) expect(doc.brand).toBe("Smith's");
      for (const doc of await top('helgas')) expect(doc.brand).toBe("Helga's");
    });

    it('coke finds Coca-Cola first', async () => {
      const [first] = await top('coke');
      expect(first).toMatchObject({ brand: 'Coca-Cola', name: expect.stringMatching(/Cola/) });
    });

    it('milk lists plain milks before toddler milk, milk chocolate and coconut milk', async () => {
      const names = await topNames('milk', 20);
      expect(names[0]).toMatch(/^(Lite |Organic )?(Full Cream|Skim|Lactose Free) Milk/);
      for (const name of names) expect(name).not.toMatch(/Toddler|Chocolate|Coconut/);
      const all = await topNames('milk', 100);
      const lastPlain = Math.max(...all.flatMap((name, index) => (/(Full Cream|Skim) Milk/.test(name) ? [index] : [])));
      expect(all.findIndex((name) => /Toddler/.test(name))).toBeGreaterThan(lastPlain);
    });

    it('stage 3 answers stage 3 formula only, and stage 1 the other', async () => {
      const stage3 = await search.search({ q: 'stage 3', sort: 'relevance', limit: 100 });
      expect(stage3.total).toBeGreaterThan(0);
      for (const id of stage3.ids) expect(byId.get(id)!.name).toMatch(/Stage 3/);
      for (const name of await topNames('stage 1', 100)) expect(name).toMatch(/Stage 1/);
    });
  });

  it('puts the product whose SKU is the query first, however the SKU is typed', async () => {
    for (const q of ['DE-000010', 'de-000010', 'de 000010', 'DE000010']) {
      expect((await search.search({ q, sort: 'relevance', limit: 5 })).ids[0]).toBe('de-000010');
    }
  });

  it('does not pin a SKU match that the filters exclude', async () => {
    const page = await search.search({ q: 'DE-000010', category: 'bakery', sort: 'relevance', limit: 5 });
    expect(page.ids).not.toContain('de-000010');
  });

  it('finds a word while it is being typed', async () => {
    expect(await topNames('greek yog')).toEqual(expect.arrayContaining([expect.stringMatching(/Greek Yoghurt/)]));
    expect((await topNames('straw'))[0]).toMatch(/Strawberries/);
  });

  it('refuses a cursor from another query and an edited one', async () => {
    const first = await search.search({ q: 'milk', sort: 'relevance', limit: 5 });
    expect(first.nextCursor).not.toBeNull();
    const cursor = first.nextCursor!;
    await expect(search.search({ q: 'bread', sort: 'relevance', limit: 5, cursor })).rejects.toThrow(
      InvalidCursorError,
    );
    const edited = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
    await expect(search.search({ q: 'milk', sort: 'relevance', limit: 5, cursor: edited })).rejects.toThrow(
      InvalidCursorError,
    );
  });

  it('refuses limits and prices out of range with VALIDATION_FAILED', async () => {
    const bad = [
      { sort: 'name' as const, limit: 0 },
      { sort: 'name' as const, limit: 101 },
      { sort: 'name' as const, limit: 2.5 },
      { sort: 'name' as const, limit: 10, minPriceCents: -1 },
      { sort: 'name' as const, limit: 10, minPriceCents: 500, maxPriceCents: 100 },
    ];
    for (const query of bad) {
      await expect(search.search(query)).rejects.toThrow(InvalidSearchQueryError);
      await expect(search.search(query)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    }
  });
});

describe('MiniSearchProductSearch on products built for a case', () => {
  it('finds a barcode, exactly, first', async () => {
    const search = await engineWith([
      searchDoc({ id: 'pt-1', name: 'Baked Beans 420g', barcode: '9300675024235' }),
      searchDoc({ id: 'pt-2', name: 'Baked Beans 220g', barcode: '9300675024236' }),
    ]);
    expect((await search.search({ q: '9300675024236', sort: 'relevance', limit: 5 })).ids[0]).toBe('pt-2');
  });

  it('keeps short brand words: a2 milk finds a2 Milk first', async () => {
    const search = await engineWith([
      searchDoc({ id: 'de-1', name: 'Full Cream Milk 2L', brand: 'Dairy Farmers', category: 'dairy-eggs' }),
      searchDoc({ id: 'de-2', name: 'Full Cream Milk 2L', brand: 'a2 Milk', category: 'dairy-eggs' }),
      searchDoc({ id: 'de-3', name: 'Skim Milk 2L', brand: 'Pura', category: 'dairy-eggs' }),
    ]);
    expect((await search.search({ q: 'a2 milk', sort: 'relevance', limit: 5 })).ids).toEqual(['de-2']);
  });

  it('reads regional names both ways: coriander and cilantro, eggplant and aubergine', async () => {
    const search = await engineWith([
      searchDoc({ id: 'fv-1', name: 'Coriander Bunch', category: 'fruit-veg' }),
      searchDoc({ id: 'fv-2', name: 'Aubergine', category: 'fruit-veg' }),
    ]);
    const first = async (q: string) => (await search.search({ q, sort: 'relevance', limit: 1 })).ids[0];
    expect(await first('cilantro')).toBe('fv-1');
    expect(await first('coriander')).toBe('fv-1');
    expect(await first('eggplant')).toBe('fv-2');
  });

  it('finds Japanese and Chinese words inside a name', async () => {
    const search = await engineWith([searchDoc({ id: 'dr-1', name: '抹茶ラテ 250ml', brand: 'Ito En' })]);
    expect((await search.search({ q: '抹茶', sort: 'relevance', limit: 1 })).ids).toEqual(['dr-1']);
  });

  it('breaks ties with popularity, but never lifts a worse match over a better one', async () => {
    const search = await engineWith([
      searchDoc({ id: 'a', name: 'Tasty Cheese 500g', brand: 'Bega' }),
      searchDoc({ id: 'b', name: 'Tasty Cheese 500g', brand: 'Mainland' }),
      searchDoc({ id: 'c', name: 'Cheese and Onion Crackers Family Size 250g', brand: 'Arnott' }),
    ]);
    const ids = async () => (await search.search({ q: 'tasty cheese', sort: 'relevance', limit: 5 })).ids;
    expect(await ids()).toEqual(['a', 'b']);
    await search.setPopularity('b', 900);
    expect(await ids()).toEqual(['b', 'a']);
    await search.setPopularity('c', 1_000_000);
    const cheese = (await search.search({ q: 'cheese', sort: 'relevance', limit: 5 })).ids;
    expect(cheese.indexOf('c')).toBeGreaterThan(cheese.indexOf('a'));
  });

  it('sets stock without re-indexing text, and the inStock filter sees it at once', async () => {
    const search = await engineWith([
      searchDoc({ id: 'p', name: 'Vegemite 380g' }),
      searchDoc({ id: 'q', name: 'Vegemite 220g' }),
    ]);
    const add = jest.spyOn(MiniSearch.prototype, 'add');
    const remove = jest.spyOn(MiniSearch.prototype, 'remove');
    try {
      await search.setStock('p', 0);
      expect((await search.search({ q: 'vegemite', inStock: true, sort: 'relevance', limit: 5 })).ids).toEqual(['q']);
      expect((await search.search({ inStock: true, sort: 'name', limit: 5 })).ids).toEqual(['q']);
      await search.upsert(searchDoc({ id: 'p', name: 'Vegemite 380g', stock: 7 }));
      expect((await search.search({ inStock: true, sort: 'name', limit: 5 })).ids).toEqual(['q', 'p']);
      expect(add).not.toHaveBeenCalled();
      expect(remove).not.toHaveBeenCalled();
    } finally {
      add.mockRestore();
      remove.mockRestore();
    }
  });

  it('re-indexes an upserted product and forgets a removed one', async () => {
    const search = await engineWith([searchDoc({ id: 'p', name: 'Sourdough Loaf 650g' })]);
    await search.upsert(searchDoc({ id: 'p', name: 'Rye Loaf 650g' }));
    await search.upsert(searchDoc({ id: 'n', name: 'Sourdough Rolls 6 pack' }));
    const ids = async (q: string) => (await search.search({ q, sort: 'relevance', limit: 5 })).ids;
    expect(await ids('rye')).toEqual(['p']);
    expect(await ids('sourdough')).toEqual(['n']);
    await search.remove('n');
    await search.remove('not-there');
    expect(await ids('sourdough')).toEqual([]);
    expect(search.size).toBe(1);
  });

  it('reports build progress and keeps changes that arrive while it builds', async () => {
    const search = new MiniSearchProductSearch();
    const progress: [number, number][] = [];
    const building = search.replaceAll(demoSearchDocs(5000), (indexed, total) => progress.push([indexed, total]));
    await search.upsert(searchDoc({ id: 'late', name: 'Kombucha 1L', category: 'drinks' }));
    await building;
    expect(progress).toEqual([
      [2000, 5000],
      [4000, 5000],
      [5000, 5000],
    ]);
    expect(search.size).toBe(5001);
    expect((await search.search({ q: 'kombucha', sort: 'relevance', limit: 1 })).ids).toEqual(['late']);
  });
});
