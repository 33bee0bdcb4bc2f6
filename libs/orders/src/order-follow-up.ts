import { Inject, Injectable, Logger } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { CATALOG_PORT, FULFILMENT_PORT, MARKED_MOVES, type CatalogPort, type FulfilmentPort, type StockLine } from '@gomart/contracts';
import { ledgerSteps, type LedgerStep } from './order-work';
import { ORDER_WORK, type OrderWork, type StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';
import { OutboxRelay } from './outbox-relay';

/** Stock calls in flight at once per order: a 50-line basket is not 50 sequential round trips. */
export const LINE_CONCURRENCY = 8;

/**
 * Finishes what a decision or a transition left to do: the work recorded on the order (in
 * ORDER_WORK's order), then the events in its outbox, then records both in the order (one
 * write, see OutboxRelay). Each piece of work takes effect exactly once: the order keeps it
 * until it is recorded done, every stock step is idempotent, and a move out of `held` leaves
 * a marker on the product that is dropped only after the order recorded the work, so a retry
 * before that finds the marker. Never throws: what is not done now is left for the sweeper.
 */
@Injectable()
export class OrderFollowUp {
  private readonly logger = new Logger('Orders');

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(FULFILMENT_PORT) private readonly fulfilment: FulfilmentPort,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Follow-ups started by `inBackground` and not yet finished; shutdown waits for them. */
  private readonly running = new Set<Promise<void>>();

  /**
   * `complete` without making the caller wait (it never throws), while fewer than
   * ORDER_MAX_IN_FLIGHT run so; beyond that the caller waits as before, so a rush cannot pile
   * up follow-ups faster than the store takes them. A shutdown lets them finish first.
   */
  async inBackground(order: StoredOrder): Promise<void> {
    const bound = this.config.orders.maxInFlight;
    if (bound > 0 && this.running.size >= bound) return this.complete(order);
    const done = this.complete(order).finally(() => this.running.delete(done));
    this.running.add(done);
  }

  /** After the HTTP server closed (no request starts another), before the store's connection closes. */
  async onApplicationShutdown(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  async complete(order: StoredOrder): Promise<void> {
    const pending = ORDER_WORK.filter((candidate) => order.work[candidate]);
    try {
      for (const work of pending) await this.do(work, order);
      // Recorded done with the events out: one write when nothing else is left to do. A
      // failure before that leaves all of it to the sweeper, which does it again harmlessly.
      await this.relay.publish(order, pending);
    } catch (error) {
      this.logger.warn(`work on ${order.id} left to the sweeper: ${describe(error)}`);
      return;
    }
    await this.clearMarkers(order, pending);
  }

  private async do(work: OrderWork, order: StoredOrder): Promise<void> {
    if (work === 'unbook') {
      if (order.slot) await this.fulfilment.cancelBooking(order.slot.slotId, order.id);
    } else {
      await this.apply(work, ledgerSteps(work, order));
    }
  }

  /** Only once the work is recorded may its markers go: a step retried before that must find them. */
  private async clearMarkers(order: StoredOrder, done: readonly OrderWork[]): Promise<void> {
    const marked = done.flatMap((work) => ledgerSteps(work, order)).filter((step) => MARKED_MOVES.some((move) => move === step.op));
    await mapConcurrently(marked, LINE_CONCURRENCY, (step) => this.catalog.clearMarker(step.line)).catch((error: unknown) => {
      this.logger.warn(`markers of ${order.id} left on products: ${describe(error)}`);
    });
  }

  private async apply(work: OrderWork, steps: readonly LedgerStep[]): Promise<void> {
    // A substitution reserves, then holds, its product: in order. Every other work's steps are independent.
    if (work === 'substitute') {
      for (const step of steps) await this.step(step);
      return;
    }
    await mapConcurrently(steps, LINE_CONCURRENCY, (step) => this.step(step));
  }

  private async step(step: LedgerStep): Promise<void> {
    if (step.op !== 'reserve') return this.catalog.move(step.op, step.line);
    const reserved = await this.catalog.reserve(step.line);
    // Reserved at picking time, so this finds it; if a crash lost it and stock ran out, the
    // picked unit is already in the bag: the shelf count is what was wrong, and it is said.
    if (!reserved.reserved) this.logger.warn(`substitute ${step.line.productId} for ${step.line.orderId} taken with no stock on record`);
  }
}

/** Runs `apply` for every line of the order as ordered, a few at a time. */
export async function forEachLine(order: StoredOrder, apply: (line: StockLine) => Promise<unknown>): Promise<void> {
  await mapConcurrently(order.lines, LINE_CONCURRENCY, (line) => apply({ productId: line.productId, orderId: order.id, quantity: line.quantity }));
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
