import fc from 'fast-check';
import {
  applyBasket,
  applyIncrements,
  basketIncrements,
  coPurchaseCounts,
  companionsOf,
  emptyCoPurchaseState,
  MAX_PRODUCTS_PER_BASKET,
  memoizedCompanions,
  mergeCoPurchase,
  oftenBoughtWith,
  rebuildCoPurchase,
  type CoPurchaseState,
} from './co-purchase';

/** The counters in a canonical, comparable form. */
function snapshot(state: CoPurchaseState) {
  const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    totalBaskets: state.totalBaskets,
    items: sorted([...state.itemBaskets]),
    pairs: sorted([...state.pairBaskets].map(([id, row]) => [id, sorted([...row])] as [string, [string, number][]])),
  };
}

function stateOf(baskets: readonly (readonly string[])[]): CoPurchaseState {
  const state = emptyCoPurchaseState();
  for (const basket of baskets) applyBasket(state, basket);
  return state;
}

/** `times` copies of a basket. */
const repeat = (times: number, basket: string[]) => Array.from({ length: times }, () => basket);

describe('often bought with', () => {
  // 100 baskets: milk (C) is in every one; A is in 50, with B in 15 of them (B is bought
  // nowhere else); D is in 30, 20 of them with A (a weaker tie).
  const baskets = [
    ...repeat(15, ['A', 'B', 'milk']),
    ...repeat(20, ['A', 'milk', 'D']),
    ...repeat(15, ['A', 'milk']),
    ...repeat(10, ['milk', 'D']),
    ...repeat(40, ['milk', 'F']),
  ];
  const counts = coPurchaseCounts(stateOf(baskets));

  it('ranks B, bought with A, above milk, bought by everyone', () => {
    const ranked = oftenBoughtWith(memoizedCompanions(counts), 'A', 10).map((item) => item.productId);
    expect(ranked).toEqual(['B', 'D']);
    // Milk tells nothing about A (it is in every basket): it is not suggested at all.
    expect(ranked).not.toContain('milk');
  });

  it('needs the staple penalty to do so: plain cosine puts milk first', () => {
    const plain = companionsOf(counts, 'A', 10, { idfWeight: 0 }).map((item) => item.productId);
    expect(plain[0]).toBe('milk');
    expect(plain.indexOf('B')).toBeGreaterThan(plain.indexOf('milk'));
  });

  it('does not let a pair seen once outrank a pair seen many times', () => {
    // Saffron was bought once, with pasta; sauce goes with pasta in 12 of pasta's 20 baskets.
    const state = stateOf([
      ...repeat(12, ['pasta', 'sauce']),
      ...repeat(7, ['pasta']),
      ['pasta', 'saffron'],
      ...repeat(28, ['sauce']),
      ...repeat(52, ['other']),
    ]);
    const counts = coPurchaseCounts(state);
    expect(companionsOf(counts, 'pasta', 5).map((item) => item.productId)).toEqual(['sauce', 'saffron']);
    // Without the shrinkage the single co-purchase (cosine 0.22, the rarest product) wins.
    expect(companionsOf(counts, 'pasta', 5, { shrinkage: 0 }).map((item) => item.productId)).toEqual([
      'saffron',
      'sauce',
    ]);
  });

  it('never returns a seed or an excluded product', () => {
    const state = stateOf([
      ...repeat(10, ['pasta', 'sauce', 'parmesan']),
      ...repeat(10, ['tacos', 'salsa']),
      ...repeat(5, ['pasta', 'salsa']),
    ]);
    const companions = memoizedCompanions(coPurchaseCounts(state));
    const forBasket = oftenBoughtWith(companions, ['pasta', 'sauce'], 10, new Set(['salsa'])).map(
      (item) => item.productId,
    );
    expect(forBasket).toEqual(['parmesan']);
  });

  it('is empty for a product nobody bought', () => {
    expect(oftenBoughtWith(memoizedCompanions(counts), 'unknown', 10)).toEqual([]);
  });
});

describe('co-purchase counters', () => {
  it('count distinct products once per basket, and at most the first 50 of a basket', () => {
    const big = Array.from(
      { length: MAX_PRODUCTS_PER_BASKET + 10 },
      (_, index) => `p${String(index).padStart(2, '0')}`,
    );
    const state = stateOf([[...big, 'p00', 'p01']]);
    expect(state.itemBaskets.size).toBe(MAX_PRODUCTS_PER_BASKET);
    expect(state.itemBaskets.get('p00')).toBe(1);
    expect(state.itemBaskets.has(`p${MAX_PRODUCTS_PER_BASKET}`)).toBe(false);
    expect(state.pairBaskets.get('p00')?.size).toBe(MAX_PRODUCTS_PER_BASKET - 1);
    expect(basketIncrements(big).pairs).toHaveLength((MAX_PRODUCTS_PER_BASKET * (MAX_PRODUCTS_PER_BASKET - 1)) / 2);
  });

  it('ignore an empty basket', () => {
    expect(snapshot(stateOf([[], []]))).toEqual(snapshot(emptyCoPurchaseState()));
  });

  const product = fc.constantFrom('milk', 'bread', 'eggs', 'pasta', 'sauce', 'tea', 'rice', 'soap');
  const baskets = fc.array(fc.array(product, { maxLength: 6 }), { maxLength: 40 });

  it('rebuilt from the whole history equal the counters kept basket by basket, in any order and in any pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        baskets,
        fc.integer({ min: 1, max: 10 }),
        fc.integer(),
        async (history, pageSize, shuffleSeed) => {
          // Incremental: the store applies each event's increments, in delivery order.
          const incremental = emptyCoPurchaseState();
          for (const basket of history) applyIncrements(incremental, basketIncrements(basket));
          // Rebuild: the facts in another order, counted in pages, pages merged.
          const shuffled = history
            .map((basket, index) => ({ basket, key: Math.sin(index * 12.9898 + shuffleSeed) }))
            .sort((a, b) => a.key - b.key);
          const rebuilt = emptyCoPurchaseState();
          for (let start = 0; start < shuffled.length; start += pageSize) {
            mergeCoPurchase(
              rebuilt,
              await rebuildCoPurchase(shuffled.slice(start, start + pageSize).map(({ basket }) => basket)),
            );
          }
          expect(snapshot(rebuilt)).toEqual(snapshot(incremental));
          expect(snapshot(stateOf(history))).toEqual(snapshot(incremental));
        },
      ),
    );
  });

  it('are back to empty when every basket is taken out again', () => {
    fc.assert(
      fc.property(baskets, (history) => {
        const state = stateOf(history);
        for (const basket of history) applyBasket(state, basket, -1);
        expect(snapshot(state)).toEqual(snapshot(emptyCoPurchaseState()));
      }),
    );
  });

  it('end the same whichever way and order additions and retractions are applied', () => {
    const change = fc.record({
      basket: fc.array(product, { maxLength: 6 }),
      sign: fc.constantFrom(1 as const, -1 as const),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const forward = emptyCoPurchaseState();
        for (const { basket, sign } of changes) applyBasket(forward, basket, sign);
        const backward = emptyCoPurchaseState();
        for (const { basket, sign } of [...changes].reverse())
          applyIncrements(backward, basketIncrements(basket), sign);
        expect(snapshot(backward)).toEqual(snapshot(forward));
      }),
    );
  });
});
