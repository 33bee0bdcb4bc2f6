import type { Page, PageRequest } from '@gomart/dynamo';
import type { NewProduct, Product, ProductChanges } from './product';

/** A product with how many of it were sold, as the search index is built from it. */
export interface ProductWithSales {
  readonly product: Product;
  readonly unitsSold: number;
}

/**
 * The products table. Stock moves of orders are the StockLedger's; listings and search are the
 * ProductSearch's, built from `scan`.
 */
export interface ProductRepository {
  /** The product; strongly consistent on request (after a write), else eventually consistent. */
  get(id: string, options?: { consistent?: boolean }): Promise<Product | undefined>;
  /** The products that exist among `ids`, in the order of `ids`. */
  getMany(ids: readonly string[]): Promise<Product[]>;
  /** Every product, a page at a time (a paginated scan). */
  scan(page: PageRequest): Promise<Page<ProductWithSales>>;
  /** Fails with SKU_TAKEN when a product with this SKU exists. */
  create(product: NewProduct): Promise<Product>;
  /** Fails with PRODUCT_NOT_FOUND when there is no such product. */
  update(id: string, changes: ProductChanges): Promise<Product>;
  /** Sets the available stock; fails with PRODUCT_NOT_FOUND when there is no such product. */
  setStock(id: string, stock: number): Promise<Product>;
  /** True when no product exists yet (first start). */
  isEmpty(): Promise<boolean>;
  /** Bulk load for seeding: overwrites products with the same id. */
  putMany(products: readonly NewProduct[]): Promise<Product[]>;
}
