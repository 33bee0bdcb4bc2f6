import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import {
  CATALOG_PORT,
  DomainError,
  ErrorCode,
  OrderEventType,
  type CatalogPort,
  type OrderPlaced,
  type ReserveResult,
} from '@gomart/contracts';
import { OrderFaults } from './order-faults';
import type { PendingWork, ShortLine, StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';
import { OutboxRelay } from './outbox-relay';

/** Reservations run in parallel, bounded: a 50-line basket is not 50 sequential round trips. */
const RESERVE_CONCURRENCY = 8;
/**
 * An attempt stops issuing reservations once half its lease has passed. A call already sent
 * then has the other half to finish (it is bounded by the client deadlines and retries), so
 * nothing it does can land after a successor took the order over and moved on.
 */
const LEASE_MARGIN = 0.5;

class LeaseExpired extends Error {}

/**
 * The order algorithm (see README, "Orders never oversell"). `run` executes placement for an
 * attempt that holds the order's lease: reserve every line with one conditional write per
 * product, then record the decision on the order item — PLACED with its event in the outbox,
 * or REJECTED with the stock to release. `completeWork` finishes what a decision left to do
 * (release, commit, publish); the sweeper calls both for orders a crash left behind.
 */
@Injectable()
export class OrderPlacement {
  private readonly logger = new Logger('Orders');

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(OrderFaults) private readonly faults: OrderFaults,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Places an order this attempt holds; returns the order as it ended (possibly taken over: PENDING). */
  async run(order: StoredOrder): Promise<StoredOrder> {
    const { attempt, leaseUntil } = order;
    if (!attempt || leaseUntil === undefined) throw new Error(`order ${order.id} is not held by an attempt`);
    let outcomes: ReserveResult[];
    try {
      outcomes = await this.reserveAll(order, leaseUntil);
    } catch (error) {
      if (error instanceof LeaseExpired) {
        throw new DomainError(ErrorCode.ORDER_IN_PROGRESS, 'The order is still being placed; retry with the same Idempotency-Key.', {
          orderId: order.id,
        });
      }
      await this.undo(order, attempt);
      throw error;
    }

    const now = new Date().toISOString();
    const short = order.lines.flatMap((line, index): ShortLine[] => {
      const outcome = outcomes[index];
      return outcome && !outcome.reserved
        ? [{ productId: line.productId, requested: line.quantity, available: outcome.available }]
        : [];
    });
    if (short.length === 0) {
      const event = this.placedEvent(order, now);
      if (!(await this.orders.decide(order.id, attempt, { status: 'PLACED', event }, now))) return this.lostLease(order.id);
      const placed: StoredOrder = {
        ...order,
        status: 'PLACED',
        outbox: { [event.eventId]: event },
        confirmPending: true,
        updatedAt: now,
        attempt: undefined,
        leaseUntil: undefined,
      };
      await this.completeWork(placed);
      return placed;
    }
    const rejection = { code: 'OUT_OF_STOCK' as const, lines: short };
    if (!(await this.orders.decide(order.id, attempt, { status: 'REJECTED', rejection }, now))) return this.lostLease(order.id);
    const rejected: StoredOrder = { ...order, status: 'REJECTED', rejection, releasePending: true, updatedAt: now, attempt: undefined, leaseUntil: undefined };
    await this.completeWork(rejected);
    return rejected;
  }

  /**
   * Finishes what a decision or transition left, in this order: confirm a placed order's
   * reservations into `held`; release a rejected one's; restock a cancelled or commit a
   * delivered order's held units (exactly once: the product keeps a marker until the order has
   * cleared its flag, then the marker is dropped); publish the events.
   */
  async completeWork(order: StoredOrder): Promise<void> {
    try {
      if (order.confirmPending) {
        await this.forEachLine(order, (request) => this.catalog.confirm(request));
        await this.orders.clearPending(order.id, 'confirmPending');
      }
      if (order.releasePending) {
        await this.forEachLine(order, (request) => this.catalog.release(request));
        await this.orders.clearPending(order.id, 'releasePending');
      }
      if (order.restockPending) await this.settleHeld(order, 'restockPending', 'restocked');
      if (order.commitPending) await this.settleHeld(order, 'commitPending', 'sold');
      await this.relay.publish(order);
    } catch (error) {
      this.logger.warn(`work on ${order.id} left to the sweeper: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One sweep of one order: resume a placement whose lease expired, or finish its pending work. */
  async sweep(id: string): Promise<void> {
    const order = await this.orders.get(id);
    if (!order) return;
    if (order.status !== 'PENDING') return this.completeWork(order);
    const now = Date.now();
    if ((order.leaseUntil ?? 0) >= now) return;
    const taken = await this.orders.takeOver(id, randomUUID(), now + this.config.orders.leaseMs, now);
    if (!taken) return;
    this.logger.log(`resuming order ${id} left in progress`);
    await this.run(taken);
  }

  /** A new attempt and lease for an order about to be claimed or taken over. */
  newLease(): { attempt: string; leaseUntil: number } {
    return { attempt: randomUUID(), leaseUntil: Date.now() + this.config.orders.leaseMs };
  }

  private async reserveAll(order: StoredOrder, leaseUntil: number): Promise<ReserveResult[]> {
    let reserved = 0;
    return mapConcurrently(order.lines, RESERVE_CONCURRENCY, async (line) => {
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
      await this.forEachLine(order, (request) => this.catalog.release(request));
      await this.orders.abandon(order.id, attempt);
    } catch (error) {
      this.logger.warn(`order ${order.id} left for the sweeper: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Another attempt decided meanwhile. If it rejected or cancelled the order, release again:
   * a reservation this attempt made after that decision must not be left behind.
   */
  private async lostLease(id: string): Promise<StoredOrder> {
    const current = await this.orders.get(id);
    if (!current) throw new DomainError(ErrorCode.ORDER_NOT_FOUND, `No order with id ${id}.`, { id });
    if (current.status === 'REJECTED' || current.status === 'CANCELLED') {
      await this.forEachLine(current, (request) => this.catalog.release(request));
    }
    return current;
  }

  private async settleHeld(order: StoredOrder, work: PendingWork, outcome: 'sold' | 'restocked'): Promise<void> {
    await this.forEachLine(order, (request, quantity) => this.catalog.settle({ ...request, quantity, outcome }));
    await this.orders.clearPending(order.id, work);
    // Only now may the markers go: a settle retried before the flag was cleared must find them.
    await this.forEachLine(order, (request) => this.catalog.forget(request)).catch((error: unknown) => {
      this.logger.warn(`markers of ${order.id} left on products: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async forEachLine(
    order: StoredOrder,
    apply: (request: { productId: string; orderId: string }, quantity: number) => Promise<void>,
  ): Promise<void> {
    await mapConcurrently(order.lines, RESERVE_CONCURRENCY, (line) =>
      apply({ productId: line.productId, orderId: order.id }, line.quantity),
    );
  }

  private placedEvent(order: StoredOrder, now: string): OrderPlaced {
    return {
      type: OrderEventType.placed,
      eventId: randomUUID(),
      occurredAt: now,
      orderId: order.id,
      customerId: order.customerId,
      lines: order.lines.map(({ productId, sku, name, quantity, unitPriceCents }) => ({ productId, sku, name, quantity, unitPriceCents })),
      totalCents: order.totalCents,
      currency: order.currency,
    };
  }
}
