import { createHash } from 'node:crypto';
import type { OrderEvent, OrderSlot, OrderStatus, PickResult, SoldBy } from '@gomart/contracts';

/** What the shopper accepts if a product is missing at picking: nothing, a similar product, or this one. */
export type SubstitutePreference = 'none' | 'similar' | { readonly productId: string };

/** How a line was picked, recorded by staff, with what it costs now. */
export interface LinePick {
  readonly result: PickResult;
  /** Weighed items: the weight picked (of the product, or of its substitute). */
  readonly grams?: number;
  readonly substituteProductId?: string;
  readonly substituteSku?: string;
  readonly substituteName?: string;
  /** What the line costs as picked: never above its authorised amount, nor a substitute above the original line. */
  readonly finalCents: number;
  readonly pickedBy: string;
  readonly pickedAt: string;
}

export interface OrderLine {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
  readonly soldBy: SoldBy;
  /** Per unit: for a weighed item, the estimate of one average unit. */
  readonly unitPriceCents: number;
  /** The line's estimate: exact for items sold each. */
  readonly lineTotalCents: number;
  /** The most the line can cost: its estimate, plus the weight buffer for a weighed item. */
  readonly authorisedCents: number;
  readonly pricePerKgCents?: number;
  readonly estimatedGrams?: number;
  readonly substitute: SubstitutePreference;
  readonly pick?: LinePick;
}

export interface DeliveryAddress {
  readonly name?: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
}

export interface ShortLine {
  readonly productId: string;
  readonly requested: number;
  readonly available: number;
}

/** What a customer asks for: products and quantities (prices come from the catalog), where and when. */
export interface PlaceOrderRequest {
  readonly lines: readonly { readonly productId: string; readonly quantity: number; readonly substitute?: SubstitutePreference }[];
  readonly slotHoldId?: string;
  readonly deliveryAddress?: DeliveryAddress;
}

/** The signed-in customer placing an order. */
export interface Customer {
  readonly id: string;
  /** Where order mail goes, when the token says (else the mail transport looks it up). */
  readonly email?: string;
}

/** Who asks to see an order: its customer sees their own, staff see every order. */
export interface OrderViewer {
  readonly customerId: string;
  readonly staff: boolean;
}

/**
 * Work a decision or transition left to do, recorded on the order and removed once done, in
 * this order: stock moves of the ledger's vocabulary, the substitutions picking decided, and
 * giving back the delivery slot.
 */
export const ORDER_WORK = ['hold', 'release', 'substitute', 'restock', 'sell', 'unbook'] as const;
export type OrderWork = (typeof ORDER_WORK)[number];
export type PendingWork = Readonly<Partial<Record<OrderWork, true>>>;

export interface TimelineEntry {
  readonly status: OrderStatus;
  readonly at: string;
}

/**
 * An order as stored: the aggregate, plus the bookkeeping that makes placement safe
 * without transactions — who is placing it (`attempt`, until `leaseUntil`), events still to
 * publish (`outbox`), work still to do (`work`).
 */
export interface StoredOrder {
  readonly id: string;
  readonly customerId: string;
  readonly email?: string;
  readonly idempotencyKey: string;
  /** Hash of the request body; a repeat of the key with another body is refused. */
  readonly fingerprint: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  /** The goods, estimated. */
  readonly subtotalCents: number;
  readonly deliveryFeeCents: number;
  /** Estimated: subtotal plus delivery fee. */
  readonly totalCents: number;
  /** What payment is authorised for: every line's authorised amount plus the fee. */
  readonly authorisedCents: number;
  /** Once picked: what the customer pays. */
  readonly finalTotalCents?: number;
  readonly currency: string;
  readonly slot?: OrderSlot;
  readonly deliveryAddress?: DeliveryAddress;
  readonly rejection?: { readonly code: 'OUT_OF_STOCK'; readonly lines: readonly ShortLine[] };
  readonly timeline: readonly TimelineEntry[];
  /** When picking was completed (the order left PICKING with every line recorded). */
  readonly pickedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempt?: string;
  /** Epoch milliseconds. */
  readonly leaseUntil?: number;
  readonly outbox: Readonly<Record<string, OrderEvent>>;
  readonly work: PendingWork;
  /** Kept for a legal reason: never archived, and its personal data is not erased, while held. */
  readonly legalHold?: LegalHold;
  /** Brought back from the archive: it stays hot for ARCHIVE_AFTER_DAYS from then. */
  readonly restoredAt?: string;
  /** The customer's personal data (address, e-mail) was erased on request. */
  readonly erasedAt?: string;
}

export interface LegalHold {
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/** A line as customers and staff see it: the substitute preference as sent (`none`, `similar`, a product id), the pick as `picked`. */
export type OrderLineView = Omit<OrderLine, 'substitute' | 'pick'> & {
  readonly substitute: string;
  readonly picked?: Omit<LinePick, 'pickedBy'> & { readonly pickedBy: string };
};

/** What customers and staff see of an order. */
export type OrderView = Pick<
  StoredOrder,
  | 'id'
  | 'status'
  | 'subtotalCents'
  | 'deliveryFeeCents'
  | 'totalCents'
  | 'authorisedCents'
  | 'finalTotalCents'
  | 'currency'
  | 'deliveryAddress'
  | 'rejection'
  | 'timeline'
  | 'createdAt'
  | 'updatedAt'
> & {
  /** Present (true) when the order is read from the archive. */
  readonly archived?: true;
  readonly lines: readonly OrderLineView[];
  readonly slot?: { readonly id: string; readonly start: string; readonly end: string; readonly feeCents: number; readonly currency: string };
};

function lineView({ substitute, pick, ...line }: OrderLine): OrderLineView {
  return { ...line, substitute: typeof substitute === 'object' ? substitute.productId : substitute, ...(pick ? { picked: pick } : {}) };
}

export function toView(order: StoredOrder): OrderView {
  const { id, status, subtotalCents, deliveryFeeCents, totalCents, authorisedCents, finalTotalCents, currency, slot } = order;
  const { deliveryAddress, rejection, timeline, createdAt, updatedAt } = order;
  return {
    id,
    status,
    lines: order.lines.map(lineView),
    subtotalCents,
    deliveryFeeCents,
    totalCents,
    authorisedCents,
    finalTotalCents,
    currency,
    slot: slot && { id: slot.slotId, start: slot.start, end: slot.end, feeCents: slot.feeCents, currency: slot.currency },
    deliveryAddress,
    rejection,
    timeline,
    createdAt,
    updatedAt,
  };
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
