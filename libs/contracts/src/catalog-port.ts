/**
 * What orders need from the catalog. In the monolith the catalog module provides it
 * in-process; in split mode a remote adapter calls the catalog service over TCP with the
 * message patterns below. Either way, only the catalog touches its tables.
 */
export const CATALOG_PORT = Symbol('CATALOG_PORT');

/** The price of a product at order time: orders never take prices or names from clients. */
export interface PricedProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  readonly currency: string;
}

export interface StockRequest {
  readonly productId: string;
  readonly orderId: string;
}

export interface ReserveRequest extends StockRequest {
  readonly quantity: number;
}

/** `reserved` is also true when this order already held the reservation (a retried step). */
export type ReserveResult = { readonly reserved: true } | { readonly reserved: false; readonly available: number };

export interface CatalogPort {
  /** The products that exist among `ids`, priced; unknown ids are simply absent. */
  priceProducts(ids: readonly string[]): Promise<PricedProduct[]>;
  /** Takes `quantity` from available stock for the order, at most once per (product, order). */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Returns the order's reservation to available stock; a no-op when there is none (any more). */
  release(request: StockRequest): Promise<void>;
  /** Turns the order's reservation into a sale (delivered); a no-op when there is none (any more). */
  commit(request: StockRequest): Promise<void>;
}

/**
 * Message patterns of the catalog's TCP listener. Renaming one breaks deployed services:
 * add a new pattern and retire the old one after every caller has moved.
 */
export const CatalogPatterns = {
  priceProducts: 'catalog.price-products.v1',
  reserve: 'catalog.reserve.v1',
  release: 'catalog.release.v1',
  commit: 'catalog.commit.v1',
} as const;
