import fc from 'fast-check';
import {
  buyItAgain,
  countersFromHistory,
  DAY_MS,
  recordPurchase,
  repeatScore,
  type Purchase,
  type RepeatCounter,
} from './buy-it-again';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS).toISOString();
const ids = (items: readonly { productId: string }[]) => items.map((item) => item.productId);

describe('buy it again', () => {
  // Milk every week for two months, coffee monthly, bananas twice long ago;
  // a birthday cake and candles bought once, yesterday.
  const history: Purchase[] = [
    ...[1, 8, 15, 22, 29, 36, 43, 50].map((days) => ({ productId: 'milk', orderedAt: daysAgo(days) })),
    ...[3, 33].map((days) => ({ productId: 'coffee', orderedAt: daysAgo(days) })),
    ...[120, 150].map((days) => ({ productId: 'bananas', orderedAt: daysAgo(days) })),
    { productId: 'cake', orderedAt: daysAgo(1) },
    { productId: 'candles', orderedAt: daysAgo(1) },
  ];

  it("puts the customer's own repeats first, most frequent and recent first, then one-offs", () => {
    const ranked = ids(buyItAgain(countersFromHistory(history), NOW, 10));
    expect(ranked.slice(0, 3)).toEqual(['milk', 'coffee', 'bananas']);
    expect(ranked.slice(3).sort()).toEqual(['cake', 'candles']);
  });

  it('marks repeats and counts baskets', () => {
    const [milk] = buyItAgain(countersFromHistory(history), NOW, 1);
    expect(milk).toMatchObject({ productId: 'milk', count: 8, repeat: true });
  });

  it('lets recency beat frequency among repeats once purchases are old enough', () => {
    // Tea bought 6 times half a year ago, rice twice this week: with a 30-day half-life,
    // six purchases 180 days old weigh 6/64 of one today.
    const counters = countersFromHistory([
      ...[180, 181, 182, 183, 184, 185].map((days) => ({ productId: 'tea', orderedAt: daysAgo(days) })),
      ...[1, 5].map((days) => ({ productId: 'rice', orderedAt: daysAgo(days) })),
    ]);
    expect(ids(buyItAgain(counters, NOW, 2))).toEqual(['rice', 'tea']);
    expect(ids(buyItAgain(counters, NOW, 2, { halfLifeDays: 10_000 }))).toEqual(['tea', 'rice']);
  });

  it('skips what is not accepted (out of stock, in the basket) and keeps the limit', () => {
    const ranked = ids(buyItAgain(countersFromHistory(history), NOW, 2, { accept: (id) => id !== 'milk' }));
    expect(ranked).toEqual(['coffee', 'bananas']);
  });

  it('breaks ties with the given prior', () => {
    const counters = countersFromHistory([
      { productId: 'cake', orderedAt: daysAgo(1) },
      { productId: 'candles', orderedAt: daysAgo(1) },
    ]);
    const popular = (id: string) => (id === 'candles' ? 10 : 1);
    expect(ids(buyItAgain(counters, NOW, 2, { tieBreak: popular }))).toEqual(['candles', 'cake']);
  });

  it('counts a product on two lines of one basket once', () => {
    const counters = countersFromHistory([
      { productId: 'milk', orderedAt: daysAgo(2) },
      { productId: 'milk', orderedAt: daysAgo(2) },
    ]);
    expect(counters.get('milk')?.count).toBe(1);
  });

  it('gives the same counters whatever order the purchases arrive in', () => {
    const purchase = fc.record({ productId: fc.constantFrom('a', 'b', 'c'), days: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(purchase, { maxLength: 30 }), (purchases) => {
        const sorted = [...purchases].sort((x, y) => y.days - x.days);
        const apply = (list: typeof purchases) => {
          const counters = new Map<string, RepeatCounter>();
          for (const { productId, days } of list)
            counters.set(productId, recordPurchase(counters.get(productId), NOW - days * DAY_MS));
          return counters;
        };
        const inOrder = apply(sorted);
        const delivered = apply(purchases);
        for (const [productId, counter] of inOrder) {
          const other = delivered.get(productId)!;
          expect(other.count).toBe(counter.count);
          expect(other.lastAt).toBe(counter.lastAt);
          expect(repeatScore(other, NOW)).toBeCloseTo(repeatScore(counter, NOW), 9);
        }
      }),
    );
  });
});
