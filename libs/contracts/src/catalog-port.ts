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

export interface SettleRequest extends ReserveRequest {
  /** `sold` when the order is delivered, `restocked` when a placed order is cancelled. */
  readonly outcome: 'sold' | 'restocked';
}

/**
 * Stock moves through a product's counters, every move one conditional write on the product:
 * `reserve` takes units from `stock` into a reservation of the placing order; `confirm` moves
 * a placed order's reservation into the product's `held` total (so the item does not grow
 * with every open order); `release` gives back a reservation of an order that was not placed;
 * `settle` moves a placed order's units out of `held` into `sold` or back into `stock`,
 * exactly once per order (a marker on the product guards it until `forget`). At any moment
 * `stock + reservations + held + sold` is the stock the product ever received.
 */
export interface CatalogPort {
  /** The products that exist among `ids`, priced; unknown ids are simply absent. */
  priceProducts(ids: readonly string[]): Promise<PricedProduct[]>;
  /** Takes `quantity` from available stock for the order, at most once per (product, order). */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /** Returns the order's reservation to available stock; a no-op when there is none (any more). */
  release(request: StockRequest): Promise<void>;
  /** Moves the placed order's reservation into `held`; a no-op when there is none (any more). */
  confirm(request: StockRequest): Promise<void>;
  /** Moves a placed order's units from `held` to `sold` or `stock`, at most once per (product, order). */
  settle(request: SettleRequest): Promise<void>;
  /** Drops the marker `settle` left, once the order has recorded that it settled. */
  forget(request: StockRequest): Promise<void>;
}

/**
 * Message patterns of the catalog's TCP listener. Renaming one breaks deployed services:
 * add a new pattern and retire the old one after every caller has moved.
 */
export const CatalogPatterns = {
  priceProducts: 'catalog.price-products.v1',
  reserve: 'catalog.reserve.v1',
  release: 'catalog.release.v1',
  confirm: 'catalog.confirm.v1',
  settle: 'catalog.settle.v1',
  forget: 'catalog.forget.v1',
} as const;
