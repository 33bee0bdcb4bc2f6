import { randomUUID } from 'node:crypto';
import {
  OrderEventType,
  sum,
  type CancelledLineFact,
  type OrderEvent,
  type OrderPicked,
  type OrderPlaced,
  type OrderStatus,
} from '@gomart/contracts';
import { currentRequestId } from '@gomart/request-context';
import { currentTraceparent } from '@gomart/tracing';
import type { Actor } from './order-lifecycle';
import type { StoredOrder } from './order';

/** What every event of an order carries; `correlationId` is the request that caused it, `traceparent` its span. */
export interface EventContext {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly correlationId?: string;
  readonly traceparent?: string;
}

/** The context of an event raised now, by the request (and span) running this code. */
export function newEventContext(occurredAt: string): EventContext {
  return { eventId: randomUUID(), occurredAt, correlationId: currentRequestId(), traceparent: currentTraceparent() };
}

function base(order: StoredOrder, context: EventContext) {
  return {
    eventId: context.eventId,
    occurredAt: context.occurredAt,
    orderId: order.id,
    customerId: order.customerId,
    ...(context.correlationId ? { correlationId: context.correlationId } : {}),
    ...(context.traceparent ? { traceparent: context.traceparent } : {}),
  };
}

/** The event of a placed order: the lines and amounts as priced, for mail and sales facts. */
export function placedEvent(order: StoredOrder, context: EventContext): OrderPlaced {
  return {
    ...base(order, context),
    type: OrderEventType.placed,
    lines: order.lines.map(({ productId, sku, name, category, quantity, unitPriceCents, lineTotalCents }) => ({
      productId,
      sku,
      name,
      category,
      quantity,
      unitPriceCents,
      lineTotalCents,
    })),
    totalCents: order.totalCents,
    subtotalCents: order.subtotalCents,
    deliveryFeeCents: order.deliveryFeeCents,
    authorisedCents: order.authorisedCents,
    currency: order.currency,
    ...(order.slot ? { slot: { slotId: order.slot.slotId, start: order.slot.start, end: order.slot.end } } : {}),
    ...(order.email ? { email: order.email } : {}),
  };
}

/** The event of an order picked: what went in the bag and the final amounts. */
export function pickedEvent(order: StoredOrder, context: EventContext): OrderPicked {
  const lines = order.lines.map((line) => ({
    productId: line.productId,
    name: line.name,
    category: line.category,
    quantity: line.quantity,
    result: line.pick?.result ?? 'unavailable',
    ...(line.pick?.grams !== undefined ? { grams: line.pick.grams } : {}),
    ...(line.pick?.substituteProductId ? { substituteProductId: line.pick.substituteProductId, substituteName: line.pick.substituteName } : {}),
    estimatedCents: line.lineTotalCents,
    finalCents: line.pick?.finalCents ?? 0,
  }));
  return {
    ...base(order, context),
    type: OrderEventType.picked,
    placedAt: order.createdAt,
    estimatedTotalCents: order.totalCents,
    lines,
    deliveryFeeCents: order.deliveryFeeCents,
    finalTotalCents: sum(lines.map((line) => line.finalCents)) + order.deliveryFeeCents,
    currency: order.currency,
    substitutions: lines.filter((line) => line.result === 'substituted').length,
    shortPicks: lines.filter((line) => line.result === 'unavailable').length,
    ...(order.email ? { email: order.email } : {}),
  };
}

/** The event of a transition after placement: a cancellation, or a change of status. */
export function transitionEvent(order: StoredOrder, to: OrderStatus, actor: Actor, context: EventContext): OrderEvent {
  if (to === 'CANCELLED') {
    return {
      ...base(order, context),
      type: OrderEventType.cancelled,
      previousStatus: order.status,
      cancelledBy: actor === 'customer' ? 'customer' : 'staff',
      placedAt: order.createdAt,
      totalCents: order.finalTotalCents ?? order.totalCents,
      lines: cancelledLines(order),
    };
  }
  return { ...base(order, context), type: OrderEventType.statusChanged, from: order.status, to };
}

/** The lines a cancelled order stood at: as picked (a substitute under its own product) once picked, else as ordered. */
function cancelledLines(order: StoredOrder): CancelledLineFact[] {
  return order.lines.flatMap((line): CancelledLineFact[] => {
    if (!order.pickedAt) return [{ productId: line.productId, category: line.category, quantity: line.quantity, cents: line.lineTotalCents }];
    const pick = line.pick;
    if (!pick || pick.result === 'unavailable') return [];
    const productId = pick.result === 'substituted' ? (pick.substituteProductId ?? line.productId) : line.productId;
    return [{ productId, category: line.category, quantity: line.quantity, cents: pick.finalCents }];
  });
}
