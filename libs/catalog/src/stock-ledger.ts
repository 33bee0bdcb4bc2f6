import type { ReserveResult, StockLine, StockMove } from '@gomart/contracts';

/**
 * The stock of products as orders move it, each move one conditional write on the product
 * (see StockMove in @gomart/contracts for the vocabulary). The catalog's side of the
 * CatalogPort delegates its stock calls here.
 */
export interface StockLedger {
  /** Moves `quantity` from `stock` into the order's reservation, at most once per (product, order). */
  reserve(line: StockLine): Promise<ReserveResult>;
  /** Applies `move` to the line exactly once. */
  move(move: StockMove, line: StockLine): Promise<void>;
  /** Drops the marker a `restock` or `sell` left once the order has recorded the move. */
  clearMarker(line: Pick<StockLine, 'productId' | 'orderId'>): Promise<void>;
}
