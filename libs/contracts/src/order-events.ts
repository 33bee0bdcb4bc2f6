/**
 * Events orders publish, delivered at least once to every consumer. Each carries a unique
 * `eventId`: consumers de-duplicate on it. Renaming a type breaks deployed consumers.
 */
export const OrderEventType = {
  placed: 'OrderPlaced',
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
}

export interface OrderLineFact {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface OrderPlaced extends OrderEventBase {
  readonly type: typeof OrderEventType.placed;
  readonly lines: readonly OrderLineFact[];
  readonly totalCents: number;
  readonly currency: string;
}

export interface OrderCancelled extends OrderEventBase {
  readonly type: typeof OrderEventType.cancelled;
  readonly previousStatus: OrderStatus;
  readonly cancelledBy: 'customer' | 'staff';
}

export interface OrderStatusChanged extends OrderEventBase {
  readonly type: typeof OrderEventType.statusChanged;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
}

export type OrderEvent = OrderPlaced | OrderCancelled | OrderStatusChanged;

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
