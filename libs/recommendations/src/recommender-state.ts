import { UNKNOWN_AISLE, type Basket } from './basket';
import { recordPurchase, type RepeatCounter } from './buy-it-again';
import { applyBasket, emptyCoPurchaseState, type CoPurchaseState } from './co-purchase';

/** A customer's products with the aisle each was last bought in, and their latest order. */
export interface CustomerState {
  readonly products: Map<string, RepeatCounter & { readonly aisle?: string }>;
  latest?: { readonly placedAt: string; readonly orderId: string; readonly products: readonly string[] };
}

/**
 * Everything the recommender's tables hold, as plain data: what a rebuild computes from the
 * baskets and writes whole, and what a test reads back to compare with the incremental
 * counters. Its size follows distinct pairs, products and (customer, product), never orders.
 */
export interface RecommenderState {
  readonly coPurchase: CoPurchaseState;
  /** Baskets per product within each aisle it was bought in. */
  readonly aisles: Map<string, Map<string, number>>;
  readonly customers: Map<string, CustomerState>;
}

export function emptyRecommenderState(): RecommenderState {
  return { coPurchase: emptyCoPurchaseState(), aisles: new Map(), customers: new Map() };
}

/**
 * Adds one basket in place, as the store's increments add it: the co-purchase counters, the
 * product's count in its aisle, the customer's counters and latest order. Baskets commute
 * (up to float rounding of the decayed frequencies), so a rebuild in scan order ends where
 * the events left the tables.
 */
export function addBasket(state: RecommenderState, basket: Basket): RecommenderState {
  const products = basket.lines.map((line) => line.productId);
  if (products.length === 0) return state;
  applyBasket(state.coPurchase, products);
  for (const line of basket.lines) {
    const aisle = line.aisle ?? UNKNOWN_AISLE;
    let counts = state.aisles.get(aisle);
    if (!counts) state.aisles.set(aisle, (counts = new Map<string, number>()));
    counts.set(line.productId, (counts.get(line.productId) ?? 0) + 1);
  }
  let customer = state.customers.get(basket.customerId);
  if (!customer) state.customers.set(basket.customerId, (customer = { products: new Map() }));
  const at = Date.parse(basket.placedAt);
  for (const line of basket.lines) {
    const current = customer.products.get(line.productId);
    const aisle = line.aisle ?? current?.aisle;
    const next = recordPurchase(current, at);
    customer.products.set(line.productId, aisle === undefined ? next : { ...next, aisle });
  }
  if (isLater(basket, customer.latest)) customer.latest = { placedAt: basket.placedAt, orderId: basket.orderId, products };
  return state;
}

/** Whether a basket is later than the latest order kept (ties by order id, so any order of arrival agrees). */
export function isLater(basket: Pick<Basket, 'placedAt' | 'orderId'>, latest?: { readonly placedAt: string; readonly orderId: string }): boolean {
  if (!latest) return true;
  return basket.placedAt > latest.placedAt || (basket.placedAt === latest.placedAt && basket.orderId > latest.orderId);
}
