import { centsForGrams, sum, withBuffer, type PricedProduct } from '@gomart/contracts';
import fc from 'fast-check';
import type { OrderLine } from './order';
import { checkPick, pickedCents } from './pick-pricing';

const weighed = (quantity: number, pricePerKgCents: number, averageUnitGrams: number, buffer = 10): OrderLine => {
  const estimatedGrams = quantity * averageUnitGrams;
  const lineTotalCents = centsForGrams(pricePerKgCents, estimatedGrams);
  return {
    productId: 'fv-000001',
    sku: 'FV-000001',
    name: 'Bananas',
    category: 'fruit-veg',
    quantity,
    soldBy: 'per_kg',
    unitPriceCents: centsForGrams(pricePerKgCents, averageUnitGrams),
    pricePerKgCents,
    estimatedGrams,
    lineTotalCents,
    authorisedCents: withBuffer(lineTotalCents, buffer),
    substitute: 'similar',
  };
};

const each = (quantity: number, unitPriceCents: number): OrderLine => ({
  productId: 'de-000001',
  sku: 'DE-000001',
  name: 'Full Cream Milk 2L',
  category: 'dairy-eggs',
  quantity,
  soldBy: 'each',
  unitPriceCents,
  lineTotalCents: unitPriceCents * quantity,
  authorisedCents: unitPriceCents * quantity,
  substitute: 'similar',
});

const product = (priceCents: number, soldBy: 'each' | 'per_kg' = 'each', pricePerKgCents?: number): PricedProduct => ({
  id: 'de-000002',
  sku: 'DE-000002',
  name: 'Skim Milk 2L',
  category: 'dairy-eggs',
  priceCents,
  currency: 'AUD',
  soldBy,
  ...(soldBy === 'per_kg' ? { pricePerKgCents, averageUnitGrams: 200 } : {}),
  stock: 10,
});

describe('what a picked line costs', () => {
  it('charges a weighed line by the weight picked, a heavier pick at the authorised cap', () => {
    const line = weighed(6, 390, 180); // 1,080 g estimated: 421 cents, authorised 463
    expect(line.lineTotalCents).toBe(421);
    expect(pickedCents(line, { result: 'picked', grams: 1000 })).toBe(390);
    expect(pickedCents(line, { result: 'picked', grams: 1300 })).toBe(463);
  });

  it('never charges a substitute above the original line, and refunds a missing one', () => {
    const line = each(2, 350);
    expect(pickedCents(line, { result: 'substituted', substitute: product(300) })).toBe(600);
    expect(pickedCents(line, { result: 'substituted', substitute: product(420) })).toBe(700);
    expect(pickedCents(line, { result: 'unavailable' })).toBe(0);
  });

  it('adds up: every receipt is its lines plus the fee, and never above what was authorised', () => {
    const lineArb = fc.oneof(
      fc.record({ kind: fc.constant('each' as const), quantity: fc.integer({ min: 1, max: 20 }), price: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({
        kind: fc.constant('weighed' as const),
        quantity: fc.integer({ min: 1, max: 20 }),
        price: fc.integer({ min: 100, max: 10_000 }),
        grams: fc.integer({ min: 50, max: 2000 }),
        pickedShare: fc.double({ min: 0.01, max: 3, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 15 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 50 }), (specs, fee, buffer) => {
        const picked = specs.map((spec) => {
          if (spec.kind === 'each') return { line: each(spec.quantity, spec.price), pick: { result: 'picked' as const } };
          const line = weighed(spec.quantity, spec.price, spec.grams, buffer);
          return { line, pick: { result: 'picked' as const, grams: Math.max(1, Math.round(line.estimatedGrams! * spec.pickedShare)) } };
        });
        const finals = picked.map(({ line, pick }) => pickedCents(line, pick));
        const authorised = sum(picked.map(({ line }) => line.authorisedCents)) + fee;
        const total = sum(finals) + fee;
        expect(total).toBe(finals.reduce((a, b) => a + b, 0) + fee);
        expect(total).toBeLessThanOrEqual(authorised);
        finals.forEach((cents, index) => {
          expect(Number.isInteger(cents)).toBe(true);
          expect(cents).toBeLessThanOrEqual(picked[index]!.line.authorisedCents);
        });
      }),
    );
  });
});

describe('checking a pick', () => {
  it.each([
    [0, 'grams must be a positive whole number'],
    [-5, 'grams must be a positive whole number'],
    [1080 * 50 + 1, 'at most 50 times'],
  ])('refuses a weight of %d g', (grams, message) => {
    expect(() => checkPick(weighed(6, 390, 180), { result: 'picked', grams })).toThrow(
      expect.objectContaining({ details: { fields: [{ field: 'grams', problems: [expect.stringContaining(message)] }] } }),
    );
  });

  it('wants a weight for weighed items only', () => {
    expect(() => checkPick(weighed(1, 390, 180), { result: 'picked' })).toThrow(/not valid/);
    expect(() => checkPick(each(1, 350), { result: 'picked', grams: 100 })).toThrow(/not valid/);
    expect(() => checkPick(each(1, 350), { result: 'substituted', substitute: product(0, 'per_kg', 1000), grams: 250 })).not.toThrow();
  });
});
