import type { OrderPicked, OrderPlaced } from '@gomart/contracts';
import { basketOf, type Basket } from './basket';
import { MAX_PRODUCTS_PER_BASKET } from './co-purchase';
import { RecommendationsCacheKeys } from './recommendations.cache-keys';
import { addBasket, emptyRecommenderState } from './recommender-state';

const line = (productId: string, category = 'pantry') => ({ productId, sku: productId.toUpperCase(), name: productId, category, quantity: 2, unitPriceCents: 100 });

function placed(lines: OrderPlaced['lines'], at = '2026-11-01T10:00:00.000Z', orderId = 'o-1'): OrderPlaced {
  return { type: 'OrderPlaced', eventId: `e-${orderId}`, orderId, customerId: 'rita', occurredAt: at, lines, totalCents: 0, currency: 'AUD' };
}

describe('basketOf', () => {
  it('counts the distinct products an order was placed with, with their aisle, capped as the counters cap them', () => {
    const basket = basketOf(placed([line('a'), line('b', 'dairy'), line('a'), ...Array.from({ length: 60 }, (_, i) => line(`x${i}`))]));
    expect(basket?.lines.slice(0, 2)).toEqual([{ productId: 'a', aisle: 'pantry' }, { productId: 'b', aisle: 'dairy' }]);
    expect(basket?.lines).toHaveLength(MAX_PRODUCTS_PER_BASKET);
    expect(basket?.placedAt).toBe('2026-11-01T10:00:00.000Z');
  });

  it('counts nothing for a picked order: substitutes and shortages are the store\'s, not the customer\'s choice', () => {
    const picked = { type: 'OrderPicked', eventId: 'e', orderId: 'o', customerId: 'c', occurredAt: '2026-11-01T10:00:00.000Z', lines: [], deliveryFeeCents: 0, finalTotalCents: 0, currency: 'AUD', substitutions: 0, shortPicks: 0 } satisfies OrderPicked;
    expect(basketOf(picked)).toBeUndefined();
  });
});

describe('addBasket', () => {
  const baskets: Basket[] = [
    { eventId: '1', orderId: 'o1', customerId: 'rita', placedAt: '2026-10-01T10:00:00.000Z', lines: [{ productId: 'a', aisle: 'x' }, { productId: 'b' }] },
    { eventId: '2', orderId: 'o2', customerId: 'rita', placedAt: '2026-10-08T10:00:00.000Z', lines: [{ productId: 'a', aisle: 'x' }, { productId: 'c', aisle: 'y' }] },
    { eventId: '3', orderId: 'o3', customerId: 'sam', placedAt: '2026-10-05T10:00:00.000Z', lines: [{ productId: 'b', aisle: 'x' }] },
  ];

  it('ends in the same counters whatever the order of the baskets (the rebuild scans in key order)', () => {
    const forward = baskets.reduce(addBasket, emptyRecommenderState());
    const backward = [...baskets].reverse().reduce(addBasket, emptyRecommenderState());
    expect(backward.coPurchase).toEqual(forward.coPurchase);
    expect(backward.aisles).toEqual(forward.aisles);
    expect(backward.customers.get('rita')?.latest).toEqual({ placedAt: '2026-10-08T10:00:00.000Z', orderId: 'o2', products: ['a', 'c'] });
    const a = (state: typeof forward) => state.customers.get('rita')?.products.get('a');
    expect(a(backward)?.count).toBe(2);
    expect(a(backward)?.decayed).toBeCloseTo(a(forward)!.decayed, 12);
    expect(a(backward)?.aisle).toBe('x');
  });

  it('keeps a product under each aisle it was bought in, and "-" when the order did not say', () => {
    const state = baskets.reduce(addBasket, emptyRecommenderState());
    expect(state.aisles.get('x')).toEqual(new Map([['a', 2], ['b', 1]]));
    expect(state.aisles.get('-')).toEqual(new Map([['b', 1]]));
  });
});

describe('RecommendationsCacheKeys', () => {
  it('keys one entry per exclusion set whatever its order, and per customer', () => {
    expect(RecommendationsCacheKeys.product('p', { exclude: 'b,a', limit: '8' })).toBe(RecommendationsCacheKeys.product('p', { exclude: ['a', 'b', 'a'], limit: '8' }));
    expect(RecommendationsCacheKeys.customer('rita', {})).not.toBe(RecommendationsCacheKeys.customer('sam', {}));
  });
});
