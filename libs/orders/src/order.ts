import { createHash } from 'node:crypto';
import type { OrderEvent, OrderStatus, StockMove } from '@gomart/contracts';

export interface OrderLine {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
}

export interface DeliveryAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
}

export interface DeliverySlot {
  readonly date: string;
  readonly window: string;
}

export interface ShortLine {
  readonly productId: string;
  readonly requested: number;
  readonly available: number;
}

/** What a customer asks for: products and quantities (prices come from the catalog), where and when. */
export interface PlaceOrderRequest {
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly deliveryAddress?: DeliveryAddress;
  readonly deliverySlot?: DeliverySlot;
}

/** Who asks to see an order: its customer sees their own, staff see every order. */
export interface OrderViewer {
  readonly customerId: string;
  readonly staff: boolean;
}

/** Stock moves a decision or transition left to do, by move; each is removed once done. */
export type PendingStockMoves = Readonly<Partial<Record<StockMove, true>>>;

/**
 * An order as stored: the aggregate, plus the bookkeeping that makes placement safe
 * without transactions — who is placing it (`attempt`, until `leaseUntil`), events still to
 * publish (`outbox`), stock moves still to make (`stockMoves`).
 */
export interface StoredOrder {
  readonly id: string;
  readonly customerId: string;
  readonly idempotencyKey: string;
  /** Hash of the request body; a repeat of the key with another body is refused. */
  readonly fingerprint: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly currency: string;
  readonly deliveryAddress?: DeliveryAddress;
  readonly deliverySlot?: DeliverySlot;
  readonly rejection?: { readonly code: 'OUT_OF_STOCK'; readonly lines: readonly ShortLine[] };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempt?: string;
  /** Epoch milliseconds. */
  readonly leaseUntil?: number;
  readonly outbox: Readonly<Record<string, OrderEvent>>;
  readonly stockMoves: PendingStockMoves;
}

/** What customers and staff see of an order. */
export interface OrderView {
  readonly id: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly currency: string;
  readonly deliveryAddress?: DeliveryAddress;
  readonly deliverySlot?: DeliverySlot;
  readonly rejection?: StoredOrder['rejection'];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toView(order: StoredOrder): OrderView {
  const { id, status, lines, totalCents, currency, deliveryAddress, deliverySlot, rejection, createdAt, updatedAt } = order;
  return { id, status, lines, totalCents, currency, deliveryAddress, deliverySlot, rejection, createdAt, updatedAt };
}

/**
 * The order id is derived from (customer, Idempotency-Key): creating the item is the
 * idempotency claim, keys are scoped per customer, and no separate key table is needed.
 */
export function orderIdFor(customerId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${customerId}\n${idempotencyKey}`).digest('base64url');
  return `ord_${digest.slice(0, 24)}`;
}

export function fingerprintOf(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}
