import { CATEGORIES } from '../categories';
import { demoCatalog } from '../demo-catalog';
import { type Product, productIdForSku } from '../product';
import type { SearchDoc } from './product-search';

const AISLE_NAMES: ReadonlyMap<string, string> = new Map(CATEGORIES.map((category) => [category.id, category.name]));

/** What the index needs of a product (the catalog module maps every write through this). */
export function toSearchDoc(product: Product): SearchDoc {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    brand: product.brand,
    category: product.category,
    categoryName: AISLE_NAMES.get(product.category) ?? product.category,
    priceCents: product.priceCents,
    stock: product.stock,
    updatedAt: product.updatedAt,
  };
}

/** demoCatalog(count) as search documents, all last changed at `updatedAt`: for tests and measurements. */
export function demoSearchDocs(count: number, updatedAt = '2026-01-01T00:00:00.000Z'): SearchDoc[] {
  return demoCatalog(count).map((product) => toSearchDoc({ ...product, id: productIdForSku(product.sku), updatedAt }));
}
