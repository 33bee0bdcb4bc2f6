import { DomainError } from '@gomart/contracts';
import { demoCatalog } from './demo-catalog';
import { pricingOf } from './product-pricing';

describe('product pricing', () => {
  it('estimates the unit price of a product sold by weight from its price per kg and average unit', () => {
    expect(pricingOf({ soldBy: 'per_kg', pricePerKgCents: 390, averageUnitGrams: 180 })).toEqual({
      soldBy: 'per_kg',
      pricePerKgCents: 390,
      averageUnitGrams: 180,
      priceCents: 70,
    });
    expect(pricingOf({ priceCents: 649 })).toEqual({ soldBy: 'each', priceCents: 649 });
  });

  it.each([
    [{ soldBy: 'each' as const }, 'priceCents'],
    [{ priceCents: 100, pricePerKgCents: 390 }, 'pricePerKgCents'],
    [{ soldBy: 'per_kg' as const, pricePerKgCents: 390 }, 'averageUnitGrams'],
    [{ soldBy: 'per_kg' as const, pricePerKgCents: 390, averageUnitGrams: 180, priceCents: 70 }, 'priceCents'],
  ])('refuses prices that do not fit how the product is sold: %j', (input, field) => {
    expect(() => pricingOf(input)).toThrow(DomainError);
    expect(() => pricingOf(input)).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ field })] } }));
  });

  it('sells loose produce and the meat and deli counters by weight in the demo catalog', () => {
    const products = demoCatalog(2000);
    const byWeight = products.filter((product) => product.soldBy === 'per_kg');
    expect(byWeight.length).toBeGreaterThan(50);
    expect(new Set(byWeight.map((product) => product.category))).toEqual(new Set(['fruit-veg', 'meat-seafood', 'deli']));
    const bananas = byWeight.find((product) => product.name === 'Bananas');
    expect(bananas).toMatchObject({ averageUnitGrams: 180, unit: 'kg' });
    expect(bananas!.priceCents).toBe(Math.round((bananas!.pricePerKgCents! * 180) / 1000));
  });
});
