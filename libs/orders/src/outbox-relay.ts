import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_BUS, type EventBus, type OrderEvent } from '@gomart/contracts';
import { Metrics } from '@gomart/metrics';
import { OrderFaults } from './order-faults';
import type { OrderWork, StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/** How many published event ids an instance remembers (far more than its orders in flight). */
const PUBLISHED_KEPT = 10_000;

/**
 * Publishes the events waiting in an order's outbox, then removes them. A crash between the
 * two republishes on the next sweep: delivery is at least once, consumers de-duplicate.
 * What is not published now stays in the outbox for the sweeper.
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

  /** Events this instance is publishing now, each until the bus has it (or failed). */
  private readonly publishing = new Map<string, Promise<boolean>>();
  /** Events this instance published lately; a snapshot of the order from before may still list them. */
  private readonly published = new Set<string>();

  /**
   * Publishes the outbox of this snapshot of the order, oldest event first, then records in
   * the order what is out and the `done` work the follow-up finished before it. When that
   * leaves nothing to do (the common case: nothing happened to the order meanwhile) it is one
   * write that also takes the order off the sweeper's list; else the record, then the
   * sweeper's list if nothing is left. Two publishes of one order at once (a transition right
   * after the placement, while the placement's follow-up still runs; a sweep meanwhile) share
   * each event's delivery instead of making two: an event this instance is publishing is
   * waited for, one it published is skipped (and removed again: a removal may have failed).
   * Returns whether every event is out; throws only if the record could not be written, so
   * the caller knows its work is not recorded.
   */
  async publish(order: StoredOrder, done: readonly OrderWork[] = []): Promise<boolean> {
    const events = Object.values(order.outbox).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    const out: string[] = [];
    let complete = true;
    for (const event of events) {
      const running = this.publishing.get(event.eventId);
      if (this.published.has(event.eventId) || (running && (await running))) {
        out.push(event.eventId);
        continue;
      }
      const delivery = this.deliver(order.id, event).finally(() => this.publishing.delete(event.eventId));
      this.publishing.set(event.eventId, delivery);
      if (!(await delivery)) {
        complete = false;
        break;
      }
      out.push(event.eventId);
    }
    if (complete && (await this.orders.settle(order.id, done, out))) return true;
    await this.orders.recordDone(order.id, done, out);
    if (complete) {
      await this.orders.clearSweep(order.id).catch((error: unknown) => this.logger.warn(error instanceof Error ? error.message : String(error)));
    }
    return complete;
  }

  private async deliver(orderId: string, event: OrderEvent): Promise<boolean> {
    this.faults.checkpoint({ point: 'before-publish' });
    try {
      await this.bus.publish(event);
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
