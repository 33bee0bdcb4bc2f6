/**
 * What orders need from the catalog. In the monolith the catalog module provides it
 * in-process; in split mode a remote adapter calls the catalog service over TCP with the
 * message patterns below. Either way, only the catalog touches its tables.
 */
import type { SoldBy } from './money';

export const CATALOG_PORT = Symbol('CATALOG_PORT');

/** The price of a product at order time: orders never take prices or names from clients. */
export interface PricedProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  /** The aisle: sales are reported per aisle, and substitutes come from the same one. */
  readonly category: string;
  /** Per unit; for a product sold by weight, the estimate of one average unit. */
  readonly priceCents: number;
  readonly currency: string;
  readonly soldBy: SoldBy;
  readonly pricePerKgCents?: number;
  readonly averageUnitGrams?: number;
  /** Units available when priced (may lag: the reservation is what counts). */
  readonly stock: number;
}

/**
 * A product as shoppers see it (the catalog's `Product`): what a page of suggestions shows,
 * so a service answering with products need not read the catalog's table.
 */
export interface ProductSummary {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly brand: string;
  readonly category: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly unit: string;
  readonly soldBy: SoldBy;
  readonly pricePerKgCents?: number;
  readonly averageUnitGrams?: number;
  readonly stock: number;
  readonly imageUrl: string;
  readonly updatedAt: string;
}

/**
 * The stock ledger's moves, one vocabulary from the catalog's counters to the order's
 * pending work. Units live in one of four places on the product: `stock` (available), a
 * `reservation` of a placement being decided, `held` by placed orders, `sold`.
 * - `reserve`: stock → the order's reservation (at most once per product and order)
 * - `hold`: the reservation → held (the order was placed)
 * - `release`: the reservation → stock (the order was not placed)
 * - `restock`: held → stock (a placed order was cancelled)
 * - `sell`: held → sold (the order was delivered)
 * At any moment `stock + reservations + held + sold` is the stock the product ever received.
 */
export type StockMove = 'hold' | 'release' | 'restock' | 'sell';

export const STOCK_MOVES: readonly StockMove[] = ['hold', 'release', 'restock', 'sell'];

/** Moves out of `held` are guarded by a marker on the product until the order records them. */
export const MARKED_MOVES: readonly StockMove[] = ['restock', 'sell'];

export interface StockLine {
  readonly productId: string;
  readonly orderId: string;
  readonly quantity: number;
}

/** `reserved` is also true when this order already held the reservation (a retried step). */
export type ReserveResult = { readonly reserved: true } | { readonly reserved: false; readonly available: number };

export interface CatalogPort {
  /** The products that exist among `ids`, priced; unknown ids are simply absent. */
  priceProducts(ids: readonly string[]): Promise<PricedProduct[]>;
  /**
   * The products that exist among `ids`, whole, as their product page shows them (cached: a
   * write, a sell-out or a restock shows at once, other stock moves within the cache's TTL);
   * unknown ids are absent.
   */
  describeProducts(ids: readonly string[]): Promise<ProductSummary[]>;
  /** Takes `quantity` from available stock for the order, at most once per (product, order). */
  reserve(line: StockLine): Promise<ReserveResult>;
  /**
   * Applies a move to one line, exactly once: `hold` and `release` find the reservation once;
   * `restock` and `sell` leave a marker on the product that makes a repeat a no-op.
   */
  move(move: StockMove, line: StockLine): Promise<void>;
  /** Drops the marker a `restock` or `sell` left, once the order has recorded the move. */
  clearMarker(line: Pick<StockLine, 'productId' | 'orderId'>): Promise<void>;
}

/**
 * Message patterns of the catalog's TCP listener. Renaming one breaks deployed services:
 * add a new pattern and retire the old one after every caller has moved.
 */
export const CatalogPatterns = {
  priceProducts: 'catalog.price-products.v1',
  describeProducts: 'catalog.describe-products.v1',
  reserve: 'catalog.reserve.v1',
  move: 'catalog.move-stock.v1',
  clearMarker: 'catalog.clear-stock-marker.v1',
} as const;
