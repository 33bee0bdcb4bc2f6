import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { CATALOG_PORT, DomainError, ErrorCode, FULFILMENT_PORT, type CatalogPort, type FulfilmentPort, type ReserveResult } from '@gomart/contracts';
import { Metrics } from '@gomart/metrics';
import { newEventContext, placedEvent } from './order-events';
import { OrderErrors } from './order.errors';
import { OrderFaults } from './order-faults';
import { describe, forEachLine, LINE_CONCURRENCY, OrderFollowUp } from './order-follow-up';
import { transitionRule } from './order-lifecycle';
import type { ShortLine, StoredOrder } from './order';
import type { Decision, OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/**
 * An attempt stops issuing reservations once half its lease has passed. A call already sent
 * then has the other half to finish (it is bounded by the client deadlines and retries), so
 * nothing it does can land after a successor took the order over and moved on.
 */
const LEASE_MARGIN = 0.5;

class LeaseExpired extends Error {}

/**
 * One attempt at placing an order it holds the lease of (see README, "Orders never
 * oversell"): reserve every line with one conditional write per product; if all are
 * reserved, book the delivery slot (the customer's hold becomes the order's booking); then
 * record the decision on the order item — PLACED with its event in the outbox, or REJECTED —
 * valid only while this attempt holds the lease; then the follow-up moves the reservations.
 * The sweeper resumes attempts a crash left behind: every step is repeatable.
 */
@Injectable()
export class PlacementAttempt {
  private readonly logger = new Logger('Orders');

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(FULFILMENT_PORT) private readonly fulfilment: FulfilmentPort,
    @Inject(OrderFollowUp) private readonly followUp: OrderFollowUp,
    @Inject(OrderFaults) private readonly faults: OrderFaults,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /** A new attempt and lease for an order about to be claimed or taken over. */
  newLease(): { attempt: string; leaseUntil: number } {
    return { attempt: randomUUID(), leaseUntil: Date.now() + this.config.orders.leaseMs };
  }

  /**
   * Places an order this attempt holds; returns the order as it ended (possibly taken over:
   * PENDING). With `afterDecision: 'in-background'` what the decision leaves to do (stock moved
   * to held, the event published) runs after this returns, so a customer waits on the
   * decision alone: it is recorded on the order with the decision, and the sweeper finishes
   * it if this process does not.
   */
  async run(order: StoredOrder, afterDecision: 'awaited' | 'in-background' = 'awaited'): Promise<StoredOrder> {
    const { attempt, leaseUntil } = order;
    if (!attempt || leaseUntil === undefined) throw new Error(`order ${order.id} is not held by an attempt`);
    let outcomes: ReserveResult[];
    try {
      outcomes = await this.reserveAll(order, leaseUntil);
    } catch (error) {
      if (error instanceof LeaseExpired) throw OrderErrors.inProgress(order.id);
      await this.undo(order, attempt);
      throw error;
    }
    const short = order.lines.flatMap((line, index): ShortLine[] => {
      const outcome = outcomes[index];
      return outcome && !outcome.reserved ? [{ productId: line.productId, requested: line.quantity, available: outcome.available }] : [];
    });
    if (short.length === 0 && order.slot) await this.bookSlot(order, attempt);
    const now = new Date().toISOString();
    const decision: Decision =
      short.length === 0
        ? { status: 'PLACED', event: placedEvent(order, newEventContext(now)) }
        : { status: 'REJECTED', rejection: { code: 'OUT_OF_STOCK', lines: short } };
    const { work } = transitionRule('system', 'PENDING', decision.status);
    if (!(await this.orders.decide(order.id, attempt, decision, work, now))) return this.lostLease(order.id);
    if (decision.status === 'PLACED') this.metrics.count('OrdersPlaced');
    else this.metrics.count('OrdersRejected', decision.rejection.code);
    const decided: StoredOrder = {
      ...order,
      status: decision.status,
      ...(decision.status === 'PLACED' ? { outbox: { [decision.event.eventId]: decision.event } } : { rejection: decision.rejection }),
      work: Object.fromEntries(work.map((item) => [item, true])),
      timeline: [...order.timeline, { status: decision.status, at: now }],
      updatedAt: now,
      attempt: undefined,
      leaseUntil: undefined,
    };
    if (afterDecision === 'awaited') await this.followUp.complete(decided);
    else await this.followUp.inBackground(decided);
    return decided;
  }

  /** One sweep of one order as of `now`: resume a placement whose lease expired, or finish its pending work. */
  /** Finishes what the order has left to do; false when there is no such order (a ghost index entry). */
  async sweep(id: string, now = Date.now()): Promise<boolean> {
    const order = await this.orders.get(id);
    if (!order) return false;
    if (order.status !== 'PENDING') {
      await this.followUp.complete(order);
      return true;
    }
    if ((order.leaseUntil ?? 0) >= now) return true;
    const taken = await this.orders.takeOver(id, randomUUID(), now + this.config.orders.leaseMs, now);
    if (!taken) return true;
    this.logger.log(`resuming order ${id} left in progress`);
    await this.run(taken);
    return true;
  }

  /**
   * The customer's hold becomes the order's booking (a repeat finds it booked). A hold that
   * expired meanwhile ends the attempt like any failure before a decision: stock given back,
   * claim withdrawn, and the customer told to choose a slot again (nothing stored).
   */
  private async bookSlot(order: StoredOrder, attempt: string): Promise<void> {
    try {
      await this.fulfilment.book(order.customerId, order.slot!.holdId, order.id);
      this.faults.checkpoint({ point: 'after-booking' });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.SLOT_HOLD_EXPIRED) await this.undo(order, attempt);
      throw error;
    }
  }

  private async reserveAll(order: StoredOrder, leaseUntil: number): Promise<ReserveResult[]> {
    let reserved = 0;
    return mapConcurrently(order.lines, LINE_CONCURRENCY, async (line) => {
      if (Date.now() > leaseUntil - LEASE_MARGIN * this.config.orders.leaseMs) throw new LeaseExpired();
      const outcome = await this.catalog.reserve({ productId: line.productId, orderId: order.id, quantity: line.quantity });
      if (outcome.reserved) this.faults.checkpoint({ point: 'after-reserving', reserved: ++reserved });
      return outcome;
    });
  }

  /**
   * Placement failed before a decision (e.g. the catalog stopped answering). Give back what
   * was reserved and withdraw the claim, so a retry with the same key starts afresh; if even
   * that fails, the order stays PENDING and the sweeper resumes it once its lease expires.
   */
  private async undo(order: StoredOrder, attempt: string): Promise<void> {
    try {
      await forEachLine(order, (line) => this.catalog.move('release', line));
      await this.orders.abandon(order.id, attempt);
    } catch (error) {
      this.logger.warn(`order ${order.id} left for the sweeper: ${describe(error)}`);
    }
  }

  /**
   * Another attempt decided meanwhile. If it rejected or cancelled the order, release again:
   * a reservation this attempt made after that decision must not be left behind.
   */
  private async lostLease(id: string): Promise<StoredOrder> {
    const current = await this.orders.get(id);
    if (!current) throw OrderErrors.notFound(id);
    if (current.status === 'REJECTED' || current.status === 'CANCELLED') {
      await forEachLine(current, (line) => this.catalog.move('release', line));
    }
    return current;
  }
}
