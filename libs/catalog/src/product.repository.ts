import type { ReserveRequest, ReserveResult, SettleRequest, StockRequest } from '@gomart/contracts';
import type { NewProduct, Page, Product, ProductChanges, ProductQuery } from './product';

/** Where products live. The DynamoDB adapter is the only implementation; the port keeps the service testable and the storage swappable. */
export interface ProductRepository {
  get(id: string): Promise<Product | undefined>;
  getMany(ids: readonly string[]): Promise<Product[]>;
  /** Lists by category or text query; each call reads one page's worth, whatever the catalog's size. */
  list(query: ProductQuery): Promise<Page<Product>>;
  /** Fails with SKU_TAKEN when a product with this SKU exists. */
  create(product: NewProduct): Promise<Product>;
  /** Fails with PRODUCT_NOT_FOUND when there is no such product. */
  update(id: string, changes: ProductChanges): Promise<Product>;
  /** Sets the available stock; fails with PRODUCT_NOT_FOUND when there is no such product. */
  setStock(id: string, stock: number): Promise<Product>;
  /** True when no product exists yet (first start). */
  isEmpty(): Promise<boolean>;
  /** Bulk load for seeding: overwrites products with the same id. */
  putMany(products: readonly NewProduct[]): Promise<void>;
  /**
   * Moves `quantity` from available stock into a reservation held by the order, in one
   * conditional write on the product; at most once per (product, order).
   */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Returns the order's reservation to available stock, exactly once. */
  release(request: StockRequest): Promise<void>;
  /** Moves the order's reservation into the product's `held` total, exactly once. */
  confirm(request: StockRequest): Promise<void>;
  /** Moves a placed order's units from `held` to `sold` or `stock`, exactly once (marker on the product). */
  settle(request: SettleRequest): Promise<void>;
  /** Removes the marker `settle` left. */
  forget(request: StockRequest): Promise<void>;
}
