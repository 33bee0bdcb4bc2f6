import { OrderEventType, type OrderEvent, type OrderPlaced, type OrderStatus } from '@gomart/contracts';
import type { Actor } from './order-lifecycle';
import type { StoredOrder } from './order';

/** What every event of an order carries; `correlationId` is the request that caused it. */
export interface EventContext {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly correlationId?: string;
}

function base(order: StoredOrder, context: EventContext) {
  return {
    eventId: context.eventId,
    occurredAt: context.occurredAt,
    orderId: order.id,
    customerId: order.customerId,
    ...(context.correlationId ? { correlationId: context.correlationId } : {}),
  };
}

/** The event of a placed order: the lines and amounts as priced, for mail and sales facts. */
export function placedEvent(order: StoredOrder, context: EventContext): OrderPlaced {
  return {
    ...base(order, context),
    type: OrderEventType.placed,
    lines: order.lines.map(({ productId, sku, name, quantity, unitPriceCents }) => ({ productId, sku, name, quantity, unitPriceCents })),
    totalCents: order.totalCents,
    currency: order.currency,
  };
}

/** The event of a transition after placement: a cancellation, or a change of status. */
export function transitionEvent(order: StoredOrder, to: OrderStatus, actor: Actor, context: EventContext): OrderEvent {
  if (to === 'CANCELLED') {
    return { ...base(order, context), type: OrderEventType.cancelled, previousStatus: order.status, cancelledBy: actor === 'customer' ? 'customer' : 'staff' };
  }
  return { ...base(order, context), type: OrderEventType.statusChanged, from: order.status, to };
}
