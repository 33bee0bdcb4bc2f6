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

/** Pattern of the event emitted over TCP in split mode; renaming it breaks deployed services. */
export const ORDER_EVENT_PATTERN = 'orders.event.v1';
