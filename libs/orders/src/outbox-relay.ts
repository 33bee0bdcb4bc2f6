import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_BUS, type EventBus, type OrderEvent } from '@gomart/contracts';
import { Metrics } from '@gomart/metrics';
import { OrderFaults } from './order-faults';
import type { StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/** How many published event ids an instance remembers (far more than its orders in flight). */
const PUBLISHED_KEPT = 10_000;

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

  /** Events this instance is publishing now, each until it is out of the outbox (or failed). */
  private readonly publishing = new Map<string, Promise<boolean>>();
  /** Events this instance published lately; a snapshot of the order from before may still list them. */
  private readonly published = new Set<string>();

  /**
   * Publishes the outbox of this snapshot of the order, oldest event first. Two publishes of
   * one order at once (a transition right after the placement, while the placement's
   * follow-up still runs; a sweep meanwhile) share each event's delivery instead of making
   * two: an event this instance is publishing is waited for, one it published is skipped.
   */
  async publish(order: StoredOrder): Promise<boolean> {
    let complete = true;
    const events = Object.values(order.outbox).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    for (const event of events) {
      if (this.published.has(event.eventId)) continue;
      const running = this.publishing.get(event.eventId);
      if (running && (await running)) continue;
      const delivery = this.deliver(order.id, event).finally(() => this.publishing.delete(event.eventId));
      this.publishing.set(event.eventId, delivery);
      if (!(await delivery)) {
        complete = false;
        break;
      }
    }
    if (complete) {
      await this.orders.clearSweep(order.id).catch((error: unknown) => this.logger.warn(error instanceof Error ? error.message : String(error)));
    }
    return complete;
  }

  private async deliver(orderId: string, event: OrderEvent): Promise<boolean> {
    this.faults.checkpoint({ point: 'before-publish' });
    try {
      await this.bus.publish(event);
      await this.orders.removeFromOutbox(orderId, event.eventId);
      this.unpublished.delete(event.eventId);
      this.published.add(event.eventId);
      if (this.published.size > PUBLISHED_KEPT) this.published.delete(this.published.values().next().value!);
      return true;
    } catch (error) {
      this.unpublished.set(event.eventId, Date.parse(event.occurredAt));
      this.logger.warn(`${event.type} ${event.eventId} of ${orderId} not published yet: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
