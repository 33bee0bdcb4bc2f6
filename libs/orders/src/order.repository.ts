import type { OrderEvent, OrderStatus } from '@gomart/contracts';
import type { OpenOrder } from './open-order-limits';
import type { LegalHold, LinePick, OrderWork, StoredOrder } from './order';

/** An order on the sweeper's list, as the index has it. */
export interface SweepEntry {
  readonly id: string;
  readonly sweepAfter: string;
}

export type SweepCursor = Record<string, unknown>;

/** The outcome of a placement, written only by the current holder of the order's lease. */
export type Decision =
  | { readonly status: 'PLACED'; readonly event: OrderEvent }
  | { readonly status: 'REJECTED'; readonly rejection: NonNullable<StoredOrder['rejection']> };

export interface TransitionChanges {
  readonly event: OrderEvent;
  /** The work the transition leaves to do (see the order process). */
  readonly work: readonly OrderWork[];
  /** Leaving PICKING for delivery: the picked amounts. */
  readonly picked?: { readonly pickedAt: string; readonly finalTotalCents: number };
}

/**
 * Orders storage. Every method is one single-item conditional write or a read: no
 * transactions, so the same code runs on dynalite, moto and DynamoDB.
 */
export interface OrderRepository {
  get(id: string): Promise<StoredOrder | undefined>;
  /** Creates the order (the idempotency claim); false when the id exists already. */
  claim(order: StoredOrder): Promise<boolean>;
  /** The customer's orders that are not final (PENDING ones included), with their lines. */
  openOrdersOf(customerId: string): Promise<OpenOrder[]>;
  /** The orders on the staff's board for `day` (see `byBoardDay`), slot by slot, at most `limit`. */
  listForBoard(day: string, limit: number): Promise<StoredOrder[]>;
  /** Records the outcome of placement; false when `attempt` no longer holds the order. */
  decide(id: string, attempt: string, decision: Decision, work: readonly OrderWork[], now: string): Promise<boolean>;
  /** Gives a PENDING order whose lease expired to a new attempt; the order, or undefined if not possible. */
  takeOver(id: string, attempt: string, leaseUntil: number, now: number): Promise<StoredOrder | undefined>;
  /** Moves an order from `from` to `to`; the updated order, or undefined when it was not in `from`. */
  transition(id: string, from: OrderStatus, to: OrderStatus, changes: TransitionChanges, now: string): Promise<StoredOrder | undefined>;
  /** Records how line `index` was picked, once, while the order is PICKING; the order, or undefined when not possible. */
  recordPick(id: string, index: number, pick: LinePick, now: string): Promise<StoredOrder | undefined>;
  /**
   * In one write: records `work` done and `eventIds` out of the outbox, and takes the order off
   * the sweeper's list, if that leaves it nothing to do; false, and nothing written, when
   * something else is left (a transition added work or an event meanwhile) or already gone.
   */
  settle(id: string, work: readonly OrderWork[], eventIds: readonly string[]): Promise<boolean>;
  /** Records `work` done and `eventIds` out of the outbox (in one write), leaving the rest. */
  recordDone(id: string, work: readonly OrderWork[], eventIds: readonly string[]): Promise<void>;
  /** Takes the order off the sweeper's list when nothing is left to do. */
  clearSweep(id: string): Promise<void>;
  /** A page of the orders with unfinished work whose time has come, from `start` (the previous page's `next`). */
  dueForSweep(now: number, limit: number, start?: SweepCursor): Promise<{ entries: SweepEntry[]; next?: SweepCursor }>;
  /** Removes a sweep entry that points at no order (left by a crash of the embedded engine). */
  dropSweepEntry(entry: SweepEntry): Promise<void>;
  /** Deletes a PENDING order still held by `attempt` (placement abandoned with nothing reserved). */
  abandon(id: string, attempt: string): Promise<boolean>;

  // Archival (libs/orders/src/archive).
  /** A customer's orders newest first, strictly before the sort key `before` (`createdAt#id`). */
  listByCustomerBefore(customerId: string, before: string | undefined, limit: number): Promise<{ items: StoredOrder[]; more: boolean }>;
  /** One page of a scan for orders the archiver may take: final, settled, not held, last changed before `cutoff`. */
  scanArchivable(cutoff: string, limit: number, start?: Record<string, unknown>): Promise<{ orders: StoredOrder[]; next?: Record<string, unknown> }>;
  /** Deletes an archived order only if it is still the version archived (same updatedAt), final, settled and not held. */
  deleteArchived(order: Pick<StoredOrder, 'id' | 'updatedAt'>): Promise<'deleted' | 'gone' | 'changed'>;
  /** Puts an order back from the archive, unless an order with its id is hot already. */
  reinstate(order: StoredOrder, restoredAt: string): Promise<boolean>;
  /** Sets or lifts a legal hold; the order, or undefined when there is no such hot order. */
  setLegalHold(id: string, hold: LegalHold | undefined): Promise<StoredOrder | undefined>;
  /** Removes the address and e-mail of a hot order that is not held; false when held or gone. */
  erasePersonalData(id: string, now: string): Promise<boolean>;
}
