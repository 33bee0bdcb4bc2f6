import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OrderStatus } from '@gomart/contracts';
import { currentRequestId } from '@gomart/request-context';
import { transitionEvent } from './order-events';
import { OrderErrors } from './order.errors';
import { OrderFollowUp } from './order-follow-up';
import { nextStatuses, transitionRule, type Actor } from './order-lifecycle';
import { OrderQueries } from './order-queries.service';
import { toView, type OrderView, type StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
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
    const { stock } = transitionRule(actor, order.status, to);
    const now = new Date().toISOString();
    const event = transitionEvent(order, to, actor, { eventId: randomUUID(), occurredAt: now, correlationId: currentRequestId() });
    const moved = await this.orders.transition(order.id, order.status, to, { event, stockMove: stock }, now);
    if (!moved) {
      // Someone else moved it first: report against its current status.
      const current = (await this.orders.get(order.id))?.status ?? order.status;
      throw OrderErrors.invalidTransition(current, to, nextStatuses(actor, current));
    }
    await this.followUp.complete(moved);
    return toView(moved);
  }
}
