import { boughtWith, forMe, type ForMeInput } from './blend';
import { countersFromHistory, DAY_MS } from './buy-it-again';
import { applyBasket, coPurchaseCounts, emptyCoPurchaseState, memoizedCompanions } from './co-purchase';
import fc from 'fast-check';
import { applyToPopularity, emptyPopularityState, InMemoryPopularity, popularInAisles } from './popularity';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const AISLES: Record<string, string> = {
  milk: 'dairy',
  cheese: 'dairy',
  yoghurt: 'dairy',
  butter: 'dairy',
  pasta: 'pantry',
  sauce: 'pantry',
  rice: 'pantry',
  flour: 'pantry',
  parmesan: 'deli',
  ham: 'deli',
  bananas: 'fruit',
  apples: 'fruit',
};
const aisleOf = (id: string) => AISLES[id];

/** A small shop: pasta goes with sauce and parmesan, milk and bananas are in most baskets. */
function shop() {
  const baskets = [
    ...Array.from({ length: 20 }, () => ['pasta', 'sauce', 'parmesan', 'milk']),
    ...Array.from({ length: 20 }, () => ['milk', 'bananas', 'yoghurt']),
    ...Array.from({ length: 10 }, () => ['rice', 'ham', 'bananas']),
    ...Array.from({ length: 5 }, () => ['flour', 'butter', 'milk', 'cheese', 'apples']),
  ];
  const state = emptyCoPurchaseState();
  const popularity = new InMemoryPopularity();
  for (const basket of baskets) {
    applyBasket(state, basket);
    popularity.apply(basket, aisleOf);
  }
  return { companions: memoizedCompanions(coPurchaseCounts(state)), popularity };
}

function input(overrides: Partial<ForMeInput>): ForMeInput {
  return { now: NOW, limit: 5, repeats: new Map(), recent: [], aisleOf, ...shop(), ...overrides };
}

const ids = (items: readonly { productId: string }[]) => items.map((item) => item.productId);

describe('recommendations for me', () => {
  const history = countersFromHistory([
    ...[2, 9, 16].map((days) => ({ productId: 'milk', orderedAt: NOW - days * DAY_MS })),
    ...[2, 16].map((days) => ({ productId: 'pasta', orderedAt: NOW - days * DAY_MS })),
    { productId: 'apples', orderedAt: NOW - 2 * DAY_MS },
  ]);

  it("starts with the customer's repeats, then what they bought once, then companions, then popular", () => {
    const items = forMe(input({ repeats: history, recent: ['pasta', 'milk'], limit: 6 }));
    expect(items.map((item) => item.source)).toEqual([
      'buy-it-again',
      'buy-it-again',
      'buy-it-again',
      'often-bought-with',
      'often-bought-with',
      'often-bought-with',
    ]);
    expect(ids(items)).toEqual(['milk', 'pasta', 'apples', 'parmesan', 'sauce', 'yoghurt']);
  });

  it('lifts the repeats that go with the basket', () => {
    // Milk is the stronger habit, but pasta is what goes with the sauce in the basket.
    const items = forMe(input({ repeats: history, recent: ['sauce'], exclude: ['sauce'], limit: 2 }));
    expect(ids(items)).toEqual(['pasta', 'milk']);
    const unfitted = forMe(
      input({ repeats: history, recent: ['sauce'], exclude: ['sauce'], limit: 2, options: { basketFit: 0 } }),
    );
    expect(ids(unfitted)).toEqual(['milk', 'pasta']);
  });

  it('never returns what is excluded or out of stock, nor anything twice', () => {
    const items = forMe(
      input({
        repeats: history,
        recent: ['pasta'],
        exclude: ['milk', 'sauce'],
        inStock: (id) => id !== 'parmesan',
        limit: 12,
      }),
    );
    const list = ids(items);
    expect(list).not.toContain('milk');
    expect(list).not.toContain('sauce');
    expect(list).not.toContain('parmesan');
    expect(new Set(list).size).toBe(list.length);
    // Everything else the shop sells fills the list.
    expect(list.sort()).toEqual(['apples', 'bananas', 'butter', 'cheese', 'flour', 'ham', 'pasta', 'rice', 'yoghurt']);
  });

  it('gives a new customer the popular products', () => {
    const items = forMe(input({ limit: 3 }));
    expect(items).toEqual([
      { productId: 'milk', source: 'popular' },
      { productId: 'bananas', source: 'popular' },
      { productId: 'parmesan', source: 'popular' },
    ]);
  });

  it('keeps slots for new products when repeats may not fill the list', () => {
    const items = forMe(input({ repeats: history, recent: ['pasta'], limit: 4, options: { repeatShare: 0.5 } }));
    expect(items.map((item) => item.source)).toEqual([
      'buy-it-again',
      'buy-it-again',
      'often-bought-with',
      'often-bought-with',
    ]);
  });
});

describe('often bought with, for a product or a basket', () => {
  it('suggests the companions of the product, never the product itself', () => {
    const items = boughtWith({ productIds: ['pasta'], limit: 2, aisleOf, ...shop() });
    expect(items).toEqual([
      { productId: 'parmesan', source: 'often-bought-with' },
      { productId: 'sauce', source: 'often-bought-with' },
    ]);
  });

  it('leaves out what is in the basket and what is out of stock', () => {
    // Parmesan and milk are the only companions: the pantry and the shop fill in.
    const items = boughtWith({
      productIds: ['pasta', 'sauce'],
      exclude: ['milk'],
      inStock: (id) => id !== 'parmesan',
      limit: 3,
      aisleOf,
      ...shop(),
    });
    expect(items).toEqual([
      { productId: 'rice', source: 'popular-in-aisle' },
      { productId: 'flour', source: 'popular-in-aisle' },
      { productId: 'bananas', source: 'popular' },
    ]);
  });

  it('falls back to the aisle, then the shop, for a product nobody bought', () => {
    const withLasagne = (id: string) => (id === 'lasagne' ? 'pantry' : aisleOf(id));
    const items = boughtWith({ productIds: ['lasagne'], limit: 5, aisleOf: withLasagne, ...shop() });
    expect(items.slice(0, 4).map((item) => item.source)).toEqual([
      'popular-in-aisle',
      'popular-in-aisle',
      'popular-in-aisle',
      'popular-in-aisle',
    ]);
    expect(ids(items)).toEqual(['pasta', 'sauce', 'rice', 'flour', 'milk']);
    expect(items[4]).toEqual({ productId: 'milk', source: 'popular' });
  });
});

describe("popular in the customer's aisles", () => {
  it('shares the slots by how much of their history each aisle holds', () => {
    const { popularity } = shop();
    const picked = popularInAisles(
      popularity,
      new Map([
        ['dairy', 3],
        ['fruit', 1],
      ]),
      4,
    );
    expect(picked).toEqual(['milk', 'yoghurt', 'butter', 'bananas']);
  });

  it('counts the same whatever order baskets are added and taken out in', () => {
    const change = fc.record({
      basket: fc.array(fc.constantFrom('milk', 'pasta', 'ham', 'mystery'), { maxLength: 4 }),
      sign: fc.constantFrom(1 as const, -1 as const),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 25 }), (changes) => {
        const forward = emptyPopularityState();
        const backward = emptyPopularityState();
        for (const { basket, sign } of changes) applyToPopularity(forward, basket, aisleOf, sign);
        for (const { basket, sign } of [...changes].reverse()) applyToPopularity(backward, basket, aisleOf, sign);
        const sorted = (map: Map<string, number>) => [...map].sort(([a], [b]) => (a < b ? -1 : 1));
        expect(sorted(backward.global)).toEqual(sorted(forward.global));
        for (const aisle of ['dairy', 'pantry', 'deli']) {
          expect(sorted(backward.byAisle.get(aisle) ?? new Map())).toEqual(
            sorted(forward.byAisle.get(aisle) ?? new Map()),
          );
        }
      }),
    );
  });
});
