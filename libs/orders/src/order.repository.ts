import type { OrderEvent, OrderStatus, StockMove } from '@gomart/contracts';
import type { Page, PageRequest } from '@gomart/dynamo';
import type { StoredOrder } from './order';

/** The outcome of a placement, written only by the current holder of the order's lease. */
export type Decision =
  | { readonly status: 'PLACED'; readonly event: OrderEvent }
  | { readonly status: 'REJECTED'; readonly rejection: NonNullable<StoredOrder['rejection']> };

export interface TransitionChanges {
  readonly event: OrderEvent;
  /** The stock move the transition leaves to do (restock on cancel, sell on delivery). */
  readonly stockMove?: StockMove;
}

/**
 * Orders storage. Every method is one single-item conditional write or a read: no
 * transactions, so the same code runs on dynalite, moto and DynamoDB.
 */
export interface OrderRepository {
  get(id: string): Promise<StoredOrder | undefined>;
  /** Creates the order (the idempotency claim); false when the id exists already. */
  claim(order: StoredOrder): Promise<boolean>;
  listByCustomer(customerId: string, page: PageRequest): Promise<Page<StoredOrder>>;
  /** Records the outcome of placement; false when `attempt` no longer holds the order. */
  decide(id: string, attempt: string, decision: Decision, stockMove: StockMove, now: string): Promise<boolean>;
  /** Gives a PENDING order whose lease expired to a new attempt; the order, or undefined if not possible. */
  takeOver(id: string, attempt: string, leaseUntil: number, now: number): Promise<StoredOrder | undefined>;
  /** Moves an order from `from` to `to`; the updated order, or undefined when it was not in `from`. */
  transition(id: string, from: OrderStatus, to: OrderStatus, changes: TransitionChanges, now: string): Promise<StoredOrder | undefined>;
  /** Marks a stock move as made. */
  stockMoveDone(id: string, move: StockMove): Promise<void>;
  removeFromOutbox(id: string, eventId: string): Promise<void>;
  /** Takes the order off the sweeper's list when nothing is left to do. */
  clearSweep(id: string): Promise<void>;
  /** Ids of orders with unfinished work whose time has come. */
  dueForSweep(now: number, limit: number): Promise<string[]>;
  /** Deletes a PENDING order still held by `attempt` (placement abandoned with nothing reserved). */
  abandon(id: string, attempt: string): Promise<boolean>;
}
