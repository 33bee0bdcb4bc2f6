/**
 * Money is integer cents and weight integer grams, everywhere. The one rounding rule: an
 * amount computed from a price per kilogram, or from a percentage, is rounded half up to the
 * cent (`Math.round` on a non-negative number), once, where it is computed; sums of rounded
 * amounts are exact.
 */

/** The price of `grams` at `pricePerKgCents` a kilogram. */
export function centsForGrams(pricePerKgCents: number, grams: number): number {
  return Math.round((pricePerKgCents * grams) / 1000);
}

/** `cents` plus `percent` of it: what is authorised for an estimate. */
export function withBuffer(cents: number, percent: number): number {
  return cents + Math.round((cents * percent) / 100);
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** How a product is sold: per unit, or by weight (ordered in whole units of an average weight). */
export type SoldBy = 'each' | 'per_kg';
export const SOLD_BY: readonly SoldBy[] = ['each', 'per_kg'];
