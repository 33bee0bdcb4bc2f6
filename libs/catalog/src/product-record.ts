import { SOLD_BY, type SoldBy } from '@gomart/contracts';
import { z } from 'zod';
import { CATEGORY_IDS, type CategoryId } from './categories';
import { UNITS, type NewProduct, type Product } from './product';

/**
 * A product item as stored, parsed at the persistence boundary: a malformed item is an error
 * here, not a wrong value later. Besides the public fields it carries the stock ledger's
 * counters (see StockLedger), which readers never see.
 */
const storedProduct = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  brand: z.string(),
  category: z.enum(CATEGORY_IDS as [CategoryId, ...CategoryId[]]),
  priceCents: z.number().int(),
  currency: z.string(),
  unit: z.enum(UNITS),
  soldBy: z.enum(SOLD_BY as [SoldBy, ...SoldBy[]]).default('each'),
  pricePerKgCents: z.number().int().optional(),
  averageUnitGrams: z.number().int().optional(),
  stock: z.number().int(),
  imageUrl: z.string(),
  updatedAt: z.string(),
});

/** The attributes a reader needs; reservations and other bookkeeping stay on the item. */
export const PUBLIC_FIELDS = Object.keys(storedProduct.shape) as readonly (keyof Product)[];

export function toProduct(item: Record<string, unknown>): Product {
  return storedProduct.parse(item);
}

/** Units delivered so far: the popularity the search index breaks ties with. */
export function unitsSoldOf(item: Record<string, unknown>): number {
  return z.number().int().catch(0).parse(item.sold);
}

/** A new product's item: the public fields and empty ledger counters. */
export function newProductItem(id: string, product: NewProduct, now: string): Record<string, unknown> {
  return {
    ...product,
    id,
    updatedAt: now,
    createdAt: now,
    // Units reserved by placements in progress (by order id), held by placed orders, delivered.
    reservations: {},
    held: 0,
    sold: 0,
  };
}
