import type { OrderEvent } from '@gomart/contracts';

/**
 * One recorded fact: the event's common fields plus what its type carries, flat enough to
 * export as one JSON line. `placedAt` ties a later event (picked, cancelled) to the day whose
 * sales it changes.
 */
export interface OrderFact {
  readonly eventId: string;
  readonly type: OrderEvent['type'];
  readonly orderId: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly day: string;
  readonly placedAt?: string;
  readonly totalCents?: number;
  readonly estimatedTotalCents?: number;
  readonly currency?: string;
  readonly units?: number;
  readonly lines?: readonly FactLine[];
  readonly deliveryFeeCents?: number;
  readonly slotId?: string;
  readonly slotStart?: string;
  /** OrderPicked: what is charged, and how picking went. */
  readonly finalTotalCents?: number;
  readonly substitutions?: number;
  readonly shortPicks?: number;
  readonly previousStatus?: string;
  readonly cancelledBy?: string;
  readonly from?: string;
  readonly to?: string;
}

/** A line as a fact records it: its aisle and what it came to (estimated when placed, final once picked). */
export interface FactLine {
  readonly productId: string;
  readonly name?: string;
  readonly category?: string;
  readonly quantity: number;
  readonly unitPriceCents?: number;
  /** What the line comes to in this fact: the estimate when placed, the final price once picked or when cancelled. */
  readonly cents: number;
  /** OrderPicked: the estimate the final price replaces, and how the line was picked. */
  readonly estimatedCents?: number;
  readonly result?: string;
  readonly substituteProductId?: string;
  readonly substituteName?: string;
}

export function toFact(event: OrderEvent): OrderFact {
  const base = {
    eventId: event.eventId,
    type: event.type,
    orderId: event.orderId,
    customerId: event.customerId,
    occurredAt: event.occurredAt,
    day: event.occurredAt.slice(0, 10),
  };
  switch (event.type) {
    case 'OrderPlaced':
      return {
        ...base,
        placedAt: event.occurredAt,
        totalCents: event.totalCents,
        currency: event.currency,
        units: event.lines.reduce((sum, line) => sum + line.quantity, 0),
        lines: event.lines.map(({ productId, name, category, quantity, unitPriceCents, lineTotalCents }) => ({
          productId,
          name,
          category,
          quantity,
          unitPriceCents,
          cents: lineTotalCents ?? unitPriceCents * quantity,
        })),
        deliveryFeeCents: event.deliveryFeeCents ?? 0,
        slotId: event.slot?.slotId,
        slotStart: event.slot?.start,
      };
    case 'OrderPicked':
      return {
        ...base,
        placedAt: event.placedAt,
        currency: event.currency,
        finalTotalCents: event.finalTotalCents,
        estimatedTotalCents: event.estimatedTotalCents,
        deliveryFeeCents: event.deliveryFeeCents,
        substitutions: event.substitutions,
        shortPicks: event.shortPicks,
        lines: event.lines.map(({ productId, name, category, quantity, result, finalCents, estimatedCents, substituteProductId, substituteName }) => ({
          productId,
          name,
          category,
          quantity,
          result,
          cents: finalCents,
          estimatedCents,
          substituteProductId,
          substituteName,
        })),
      };
    case 'OrderCancelled':
      return {
        ...base,
        placedAt: event.placedAt,
        previousStatus: event.previousStatus,
        cancelledBy: event.cancelledBy,
        totalCents: event.totalCents,
        lines: event.lines?.map(({ productId, category, quantity, cents }) => ({ productId, category, quantity, cents })),
      };
    case 'OrderStatusChanged':
      return { ...base, from: event.from, to: event.to };
  }
}

export interface DailySales {
  readonly day: string;
  readonly ordersPlaced: number;
  readonly unitsPlaced: number;
  readonly placedValueCents: Readonly<Record<string, number>>;
  readonly ordersCancelled: number;
  readonly ordersDelivered: number;
}

/** A day's facts, summed: what the export carries, readable without Athena. Pure. */
export function summariseDay(day: string, facts: readonly OrderFact[]): DailySales {
  const totals = { ordersPlaced: 0, unitsPlaced: 0, placedValueCents: {} as Record<string, number>, ordersCancelled: 0, ordersDelivered: 0 };
  for (const fact of facts) {
    if (fact.type === 'OrderPlaced') {
      totals.ordersPlaced += 1;
      totals.unitsPlaced += fact.units ?? 0;
      const currency = fact.currency ?? 'AUD';
      totals.placedValueCents[currency] = (totals.placedValueCents[currency] ?? 0) + (fact.totalCents ?? 0);
    } else if (fact.type === 'OrderCancelled') {
      totals.ordersCancelled += 1;
    } else if (fact.to === 'DELIVERED') {
      totals.ordersDelivered += 1;
    }
  }
  return { day, ...totals };
}
