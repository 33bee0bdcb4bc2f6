import { centsForGrams, type SoldBy } from '@gomart/contracts';
import type { CategoryId } from './categories';

export const UNITS = ['each', 'kg', 'pack'] as const;
export type Unit = (typeof UNITS)[number];

/**
 * A product as shoppers and admins see it. `stock` is the number of units available to order.
 * A product sold by weight (`per_kg`) is still ordered in whole units: `priceCents` is then the
 * estimated price of one unit of `averageUnitGrams`, and the price paid follows the weight picked.
 */
export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly brand: string;
  readonly category: CategoryId;
  readonly priceCents: number;
  readonly currency: string;
  readonly unit: Unit;
  readonly soldBy: SoldBy;
  readonly pricePerKgCents?: number;
  readonly averageUnitGrams?: number;
  readonly stock: number;
  readonly imageUrl: string;
  readonly updatedAt: string;
}

export type NewProduct = Omit<Product, 'id' | 'updatedAt'>;

export type ProductChanges = Partial<
  Pick<Product, 'name' | 'brand' | 'category' | 'priceCents' | 'currency' | 'unit' | 'imageUrl' | 'pricePerKgCents' | 'averageUnitGrams'>
>;

/** The estimated price of one unit of a product sold by weight. */
export function unitEstimateCents(pricePerKgCents: number, averageUnitGrams: number): number {
  return centsForGrams(pricePerKgCents, averageUnitGrams);
}

/**
 * A product's id is its SKU in lower case. The SKU is therefore unique by construction
 * (creating an existing one is a conditional-write conflict, no extra index needed) and a
 * retried create cannot make a duplicate.
 */
export function productIdForSku(sku: string): string {
  return sku.toLowerCase();
}

export interface ProductQuery {
  readonly category?: CategoryId;
  readonly q?: string;
  readonly limit: number;
  readonly cursor?: string;
}

