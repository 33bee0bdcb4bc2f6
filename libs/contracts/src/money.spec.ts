import fc from 'fast-check';
import { centsForGrams, withBuffer } from './money';

describe('money', () => {
  it('prices a weight half up to the cent', () => {
    expect(centsForGrams(390, 180)).toBe(70); // 70.2
    expect(centsForGrams(1999, 250)).toBe(500); // 499.75
    expect(centsForGrams(100, 5)).toBe(1); // 0.5 rounds up
    expect(centsForGrams(390, 0)).toBe(0);
  });

  it('adds a buffer half up, never less than the estimate', () => {
    expect(withBuffer(1000, 10)).toBe(1100);
    expect(withBuffer(105, 10)).toBe(116); // 10.5 rounds up
    fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 0, max: 100 }), (cents, percent) => withBuffer(cents, percent) >= cents));
  });
});
