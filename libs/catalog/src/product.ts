import type { CategoryId } from './categories';

export const UNITS = ['each', 'kg', 'pack'] as const;
export type Unit = (typeof UNITS)[number];

/** A product as shoppers and admins see it. `stock` is the number of units available to order. */
export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly brand: string;
  readonly category: CategoryId;
  readonly priceCents: number;
  readonly currency: string;
  readonly unit: Unit;
  readonly stock: number;
  readonly imageUrl: string;
  readonly updatedAt: string;
}

export type NewProduct = Omit<Product, 'id' | 'updatedAt'>;

export type ProductChanges = Partial<Pick<Product, 'name' | 'brand' | 'category' | 'priceCents' | 'currency' | 'unit' | 'imageUrl'>>;

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

