import { DomainError, ErrorCode } from '@gomart/contracts';

/** What the business-flow limits read of a customer's open order. */
export interface OpenOrder {
  readonly id: string;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
}

export interface OpenOrderLimits {
  /** Open orders one customer may hold (`0`: no bound). */
  readonly maxOpenOrders: number;
  /** Units of one product one customer may hold across open orders (`0`: no bound). */
  readonly maxUnitsPerProduct: number;
}

/**
 * The business-flow limit (OWASP API6:2023): one customer cannot drain a product, or tie up
 * stock, by spreading it over many orders each within the per-order limits. `open` includes the
 * order being placed. The answer is 429 TOO_MANY_OPEN_ORDERS naming the limit that was met;
 * cancelling an order or receiving a delivery makes room again.
 */
export function openOrderLimitProblem(open: readonly OpenOrder[], limits: OpenOrderLimits): DomainError | undefined {
  if (limits.maxOpenOrders > 0 && open.length > limits.maxOpenOrders) {
    return new DomainError(
      ErrorCode.TOO_MANY_OPEN_ORDERS,
      `A customer may hold at most ${limits.maxOpenOrders} open orders; wait for a delivery or cancel one.`,
      { limit: 'orders', max: limits.maxOpenOrders },
    );
  }
  if (limits.maxUnitsPerProduct <= 0) return undefined;
  const units = new Map<string, number>();
  for (const order of open) {
    for (const line of order.lines) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  }
  for (const [productId, held] of units) {
    if (held > limits.maxUnitsPerProduct) {
      return new DomainError(
        ErrorCode.TOO_MANY_OPEN_ORDERS,
        `A customer may hold at most ${limits.maxUnitsPerProduct} units of one product across open orders.`,
        { limit: 'unitsPerProduct', max: limits.maxUnitsPerProduct, productId, units: held },
      );
    }
  }
  return undefined;
}
