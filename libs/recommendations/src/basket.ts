import type { OrderEvent } from '@gomart/contracts';
import { countedProducts } from './co-purchase';

/** A product of a counted basket, with the aisle the order saw it in (for "popular in aisle"). */
export interface BasketLine {
  readonly productId: string;
  readonly aisle?: string;
}

/** One counted order: what the recommender learns from an `OrderPlaced`. */
export interface Basket {
  readonly eventId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly placedAt: string;
  /** Distinct products, in line order, at most MAX_PRODUCTS_PER_BASKET (as the counters take them). */
  readonly lines: readonly BasketLine[];
}

/**
 * The basket an order event counts, or undefined for events that change nothing here. Only
 * `OrderPlaced` counts: it is what the customer chose to buy together. `OrderPicked` changes
 * what was delivered — a substitute is the picker's choice, an unavailable line is still what
 * the customer wanted and will look for again — so counting it would teach "often bought with"
 * the store's shortages; cancellations are left in for the same reason (the choice was made).
 */
export function basketOf(event: OrderEvent): Basket | undefined {
  if (event.type !== 'OrderPlaced') return undefined;
  const aisles = new Map(event.lines.map((line) => [line.productId, line.category]));
  return {
    eventId: event.eventId,
    orderId: event.orderId,
    customerId: event.customerId,
    placedAt: event.occurredAt,
    lines: countedProducts(event.lines.map((line) => line.productId)).map((productId) => {
      const aisle = aisles.get(productId);
      return aisle === undefined ? { productId } : { productId, aisle };
    }),
  };
}

/** The aisle a product's popularity is kept under when the order did not say. */
export const UNKNOWN_AISLE = '-';
