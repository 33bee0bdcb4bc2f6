import type { OrderEvent } from '@gomart/contracts';

/** One recorded fact: the event's common fields plus what its type carries. */
export interface OrderFact {
  readonly eventId: string;
  readonly type: OrderEvent['type'];
  readonly orderId: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly day: string;
  readonly totalCents?: number;
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

/** A line as a fact records it: the aisle for per-aisle sales, and after picking what it became. */
export interface FactLine {
  readonly productId: string;
  readonly category?: string;
  readonly quantity: number;
  readonly unitPriceCents?: number;
  readonly lineTotalCents?: number;
  readonly result?: string;
  readonly finalCents?: number;
  readonly substituteProductId?: string;
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
        totalCents: event.totalCents,
        currency: event.currency,
        units: event.lines.reduce((sum, line) => sum + line.quantity, 0),
        lines: event.lines.map(({ productId, category, quantity, unitPriceCents, lineTotalCents }) => ({
          productId,
          category,
          quantity,
          unitPriceCents,
          lineTotalCents: lineTotalCents ?? unitPriceCents * quantity,
        })),
        deliveryFeeCents: event.deliveryFeeCents ?? 0,
        slotId: event.slot?.slotId,
        slotStart: event.slot?.start,
      };
    case 'OrderPicked':
      return {
        ...base,
        currency: event.currency,
        finalTotalCents: event.finalTotalCents,
        deliveryFeeCents: event.deliveryFeeCents,
        substitutions: event.substitutions,
        shortPicks: event.shortPicks,
        lines: event.lines.map(({ productId, category, quantity, result, finalCents, substituteProductId }) => ({
          productId,
          category,
          quantity,
          result,
          finalCents,
          substituteProductId,
        })),
      };
    case 'OrderCancelled':
      return { ...base, previousStatus: event.previousStatus, cancelledBy: event.cancelledBy };
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
