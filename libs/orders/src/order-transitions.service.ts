import { Inject, Injectable } from '@nestjs/common';
import { sum, type OrderStatus } from '@gomart/contracts';
import { newEventContext, pickedEvent, transitionEvent, type EventContext } from './order-events';
import { OrderErrors } from './order.errors';
import { OrderFollowUp } from './order-follow-up';
import { nextStatuses, transitionRule, type Actor } from './order-lifecycle';
import { OrderQueries } from './order-queries.service';
import { toView, type OrderView, type StoredOrder } from './order';
import type { OrderRepository, TransitionChanges } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/** Moves placed orders along the lifecycle: the customer's cancel, the staff's status changes. */
@Injectable()
export class OrderTransitions {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(OrderQueries) private readonly queries: OrderQueries,
    @Inject(OrderFollowUp) private readonly followUp: OrderFollowUp,
  ) {}

  /** The customer cancels their own order (while PLACED). */
  async cancel(customerId: string, id: string): Promise<OrderView> {
    return this.move('customer', await this.queries.visible({ customerId, staff: false }, id), 'CANCELLED');
  }

  /** Store staff move any order along. */
  async changeStatus(staffId: string, id: string, to: OrderStatus): Promise<OrderView> {
    return this.move('staff', await this.queries.visible({ customerId: staffId, staff: true }, id), to);
  }

  private async move(actor: Actor, order: StoredOrder, to: OrderStatus): Promise<OrderView> {
    const { work } = transitionRule(actor, order.status, to);
    const now = new Date().toISOString();
    const context = newEventContext(now);
    const changes: TransitionChanges =
      order.status === 'PICKING' && to === 'OUT_FOR_DELIVERY' ? picked(order, context, work) : { event: transitionEvent(order, to, actor, context), work };
    const moved = await this.orders.transition(order.id, order.status, to, changes, now);
    if (!moved) {
      // Someone else moved it first: report against its current status.
      const current = (await this.orders.get(order.id))?.status ?? order.status;
      throw OrderErrors.invalidTransition(current, to, nextStatuses(actor, current));
    }
    await this.followUp.complete(moved);
    return toView(moved);
  }
}

/** Leaving PICKING: every line must be recorded; the order is charged what was picked, and says so. */
function picked(order: StoredOrder, context: EventContext, work: TransitionChanges['work']): TransitionChanges {
  const missing = order.lines.filter((line) => !line.pick).map((line) => line.productId);
  if (missing.length > 0) throw OrderErrors.pickingIncomplete(order.id, missing);
  const finalTotalCents = sum(order.lines.map((line) => line.pick!.finalCents)) + order.deliveryFeeCents;
  return { event: pickedEvent({ ...order, pickedAt: context.occurredAt }, context), work, picked: { pickedAt: context.occurredAt, finalTotalCents } };
}
