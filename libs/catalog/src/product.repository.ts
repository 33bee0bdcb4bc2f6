import type { Page, PageRequest } from '@gomart/dynamo';
import type { CategoryId } from './categories';
import type { NewProduct, Product, ProductChanges } from './product';

/**
 * Products and their listings. Stock moves of orders are the StockLedger's; search is the
 * ProductSearch's. Every listing reads one page's worth, whatever the catalog's size.
 */
export interface ProductRepository {
  get(id: string): Promise<Product | undefined>;
  /** The products that exist among `ids`, in the order of `ids`. */
  getMany(ids: readonly string[]): Promise<Product[]>;
  /** Every product, a page at a time (a paginated scan). */
  listAll(page: PageRequest): Promise<Page<Product>>;
  /** One aisle, in name order. */
  listCategory(category: CategoryId, page: PageRequest): Promise<Page<Product>>;
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
