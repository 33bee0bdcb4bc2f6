import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@gomart/contracts';
import { Metrics } from '@gomart/metrics';
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
    @Inject(Metrics) metrics: Metrics,
  ) {
    metrics.gauge('OutboxAgeSeconds', () => this.oldestUnpublishedSeconds());
  }

  /** Events this instance failed to publish and has not published since (the sweeper retries them), by id. */
  private readonly unpublished = new Map<string, number>();

  private oldestUnpublishedSeconds(now = Date.now()): number {
    let oldest = now;
    for (const occurredAt of this.unpublished.values()) oldest = Math.min(oldest, occurredAt);
    return Math.max(0, Math.round((now - oldest) / 1000));
  }

  async publish(order: StoredOrder): Promise<boolean> {
    let complete = true;
    const events = Object.values(order.outbox).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    for (const event of events) {
      this.faults.checkpoint({ point: 'before-publish' });
      try {
        await this.bus.publish(event);
        await this.orders.removeFromOutbox(order.id, event.eventId);
        this.unpublished.delete(event.eventId);
      } catch (error) {
        complete = false;
        this.unpublished.set(event.eventId, Date.parse(event.occurredAt));
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
