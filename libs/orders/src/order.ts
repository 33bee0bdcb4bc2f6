import { createHash } from 'node:crypto';
import type { OrderEvent, OrderStatus } from '@gomart/contracts';

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

/**
 * An order as stored: the aggregate, plus the bookkeeping that makes placement safe
 * without transactions — who is placing it (`attempt`, until `leaseUntil`), events still to
 * publish (`outbox`), stock still to confirm, release, restock or commit.
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
  /** Stock work a decision or transition left to do; each flag is cleared once done. */
  readonly confirmPending?: boolean;
  readonly releasePending?: boolean;
  readonly restockPending?: boolean;
  readonly commitPending?: boolean;
}

export type PendingWork = 'confirmPending' | 'releasePending' | 'restockPending' | 'commitPending';

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

/** Staff moves (the customer may only cancel, and only while PLACED). */
export const STAFF_TRANSITIONS: Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>> = {
  PLACED: ['PICKING', 'CANCELLED'],
  PICKING: ['OUT_FOR_DELIVERY', 'CANCELLED'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'CANCELLED'],
};

export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['PLACED'];

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
