/**
 * Events orders publish, delivered at least once to every consumer. Each carries a unique
 * `eventId`: consumers de-duplicate on it. Renaming a type breaks deployed consumers.
 */
export const OrderEventType = {
  placed: 'OrderPlaced',
  picked: 'OrderPicked',
  cancelled: 'OrderCancelled',
  statusChanged: 'OrderStatusChanged',
} as const;

export type OrderStatus = 'PENDING' | 'PLACED' | 'PICKING' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'CANCELLED' | 'REJECTED';

interface OrderEventBase {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly orderId: string;
  readonly customerId: string;
  /** The request id of the request that caused the event, carried into every consumer's logs. */
  readonly correlationId?: string;
  /** The W3C trace context of the span that caused the event: each consumer's span joins that trace. */
  readonly traceparent?: string;
}

export interface OrderLineFact {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly category?: string;
  readonly quantity: number;
  /** Per unit (estimated for a product sold by weight). */
  readonly unitPriceCents: number;
  /** The line's estimated total. */
  readonly lineTotalCents?: number;
}

/** The slot an order is delivered in. */
export interface SlotFact {
  readonly slotId: string;
  readonly start: string;
  readonly end: string;
}

export interface OrderPlaced extends OrderEventBase {
  readonly type: typeof OrderEventType.placed;
  readonly lines: readonly OrderLineFact[];
  /** Estimated: the goods plus the delivery fee. */
  readonly totalCents: number;
  readonly subtotalCents?: number;
  readonly deliveryFeeCents?: number;
  readonly authorisedCents?: number;
  readonly currency: string;
  readonly slot?: SlotFact;
  /** Where the mail goes (the token's `email` claim at order time), when known. */
  readonly email?: string;
}

export type PickResult = 'picked' | 'substituted' | 'unavailable';

/** A line as it was picked: what went in the bag, and what it cost. */
export interface PickedLineFact {
  readonly productId: string;
  readonly name: string;
  readonly category?: string;
  readonly quantity: number;
  readonly result: PickResult;
  /** Weighed lines: the weight picked. */
  readonly grams?: number;
  readonly substituteProductId?: string;
  readonly substituteName?: string;
  /** The line's estimate at order time, and what is charged now. */
  readonly estimatedCents: number;
  readonly finalCents: number;
}

export interface OrderPicked extends OrderEventBase {
  readonly type: typeof OrderEventType.picked;
  /** When the order was placed: its sales belong to that day. */
  readonly placedAt?: string;
  /** The total estimated at placement, which the final total replaces. */
  readonly estimatedTotalCents?: number;
  readonly lines: readonly PickedLineFact[];
  readonly deliveryFeeCents: number;
  readonly finalTotalCents: number;
  readonly currency: string;
  readonly substitutions: number;
  readonly shortPicks: number;
  readonly email?: string;
}

/** A line as it stood when the order was cancelled: what its sales figures gave back. */
export interface CancelledLineFact {
  readonly productId: string;
  readonly category?: string;
  readonly quantity: number;
  readonly cents: number;
}

export interface OrderCancelled extends OrderEventBase {
  readonly type: typeof OrderEventType.cancelled;
  readonly previousStatus: OrderStatus;
  readonly cancelledBy: 'customer' | 'staff';
  /** When the order was placed: the day whose sales it leaves. */
  readonly placedAt?: string;
  /** What the order came to when cancelled (final once picked, else the estimate). */
  readonly totalCents?: number;
  readonly lines?: readonly CancelledLineFact[];
}

export interface OrderStatusChanged extends OrderEventBase {
  readonly type: typeof OrderEventType.statusChanged;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
}

export type OrderEvent = OrderPlaced | OrderPicked | OrderCancelled | OrderStatusChanged;

/** Where orders hand events over; in-process bus, TCP emit or SNS depending on the shape. */
export const EVENT_BUS = Symbol('EVENT_BUS');

export interface EventBus {
  /** Resolves once every local consumer handled it, or the transport accepted it. */
  publish(event: OrderEvent): Promise<void>;
}

/** Consumers register here; the in-process bus and the transport listeners deliver to them. */
export type OrderEventHandler = (event: OrderEvent) => Promise<void>;

export const ORDER_EVENT_TYPES: readonly string[] = Object.values(OrderEventType);

/** The event in a message received from outside the process, or undefined when it is not one. */
export function asOrderEvent(value: unknown): OrderEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { eventId, type, orderId, customerId, occurredAt } = value as Record<string, unknown>;
  const valid =
    typeof eventId === 'string' &&
    typeof orderId === 'string' &&
    typeof customerId === 'string' &&
    typeof occurredAt === 'string' &&
    ORDER_EVENT_TYPES.includes(String(type));
  return valid ? (value as OrderEvent) : undefined;
}

/** Pattern of the event emitted over TCP in split mode; renaming it breaks deployed services. */
export const ORDER_EVENT_PATTERN = 'orders.event.v1';
