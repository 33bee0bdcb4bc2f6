import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@gomart/contracts';
import { OrderFaults } from './order-faults';
import type { StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/**
 * Publishes the events waiting in an order's outbox, then removes them. A crash between the
 * two republishes on the next sweep: delivery is at least once, consumers de-duplicate.
 * Never throws: what is not published now stays in the outbox for the sweeper.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(OrderFaults) private readonly faults: OrderFaults,
  ) {}

  async publish(order: StoredOrder): Promise<boolean> {
    let complete = true;
    const events = Object.values(order.outbox).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    for (const event of events) {
      this.faults.checkpoint({ point: 'before-publish' });
      try {
        await this.bus.publish(event);
        await this.orders.removeFromOutbox(order.id, event.eventId);
      } catch (error) {
        complete = false;
        this.logger.warn(`${event.type} ${event.eventId} of ${order.id} not published yet: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
    }
    if (complete) {
      await this.orders.clearSweep(order.id).catch((error: unknown) => this.logger.warn(error instanceof Error ? error.message : String(error)));
    }
    return complete;
  }
}
