import type { FieldProblem, SoldBy } from '@gomart/contracts';
import { CatalogErrors } from './catalog.errors';
import { unitEstimateCents, type Product, type ProductChanges } from './product';

export interface PricingInput {
  readonly soldBy?: SoldBy;
  readonly priceCents?: number;
  readonly pricePerKgCents?: number;
  readonly averageUnitGrams?: number;
}

export type Pricing = Pick<Product, 'soldBy' | 'priceCents' | 'pricePerKgCents' | 'averageUnitGrams'>;

/**
 * A product's price as it is sold: each, with its price; or by weight, with a price per
 * kilogram and an average unit weight, from which the unit price is estimated. Anything else
 * (a unit price for an item sold by weight, a per-kg price for one sold each) is refused.
 */
export function pricingOf(input: PricingInput): Pricing {
  const soldBy = input.soldBy ?? 'each';
  const problems: FieldProblem[] = [];
  if (soldBy === 'each') {
    if (input.priceCents === undefined) problems.push({ field: 'priceCents', problems: ['priceCents is required for a product sold each'] });
    for (const field of ['pricePerKgCents', 'averageUnitGrams'] as const) {
      if (input[field] !== undefined) problems.push({ field, problems: [`${field} is only for products sold per_kg`] });
    }
  } else {
    if (input.priceCents !== undefined) problems.push({ field: 'priceCents', problems: ['priceCents is computed for products sold per_kg'] });
    for (const field of ['pricePerKgCents', 'averageUnitGrams'] as const) {
      if (input[field] === undefined) problems.push({ field, problems: [`${field} is required for a product sold per_kg`] });
    }
  }
  if (problems.length > 0) throw CatalogErrors.inconsistentPricing(problems);
  if (soldBy === 'each') return { soldBy, priceCents: input.priceCents! };
  const { pricePerKgCents, averageUnitGrams } = input as Required<PricingInput>;
  return { soldBy, pricePerKgCents, averageUnitGrams, priceCents: unitEstimateCents(pricePerKgCents, averageUnitGrams) };
}

/** The price fields after a patch, checked the same way against how the product is sold. */
export function repriced(current: Product, changes: ProductChanges): Pricing {
  const weight = current.soldBy === 'per_kg';
  return pricingOf({
    soldBy: current.soldBy,
    priceCents: weight ? (changes.priceCents === undefined ? undefined : changes.priceCents) : (changes.priceCents ?? current.priceCents),
    pricePerKgCents: weight ? (changes.pricePerKgCents ?? current.pricePerKgCents) : changes.pricePerKgCents,
    averageUnitGrams: weight ? (changes.averageUnitGrams ?? current.averageUnitGrams) : changes.averageUnitGrams,
  });
}
