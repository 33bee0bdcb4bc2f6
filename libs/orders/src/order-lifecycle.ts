import type { OrderStatus, StockMove } from '@gomart/contracts';
import { OrderErrors } from './order.errors';

/** Who moves an order: placement itself (`system`), its customer, or store staff (and admins). */
export type Actor = 'system' | 'customer' | 'staff';

export interface TransitionRule {
  /** Who may make the move. */
  readonly by: readonly Actor[];
  /** The stock move it causes on every line, if any (see StockMove). */
  readonly stock?: StockMove;
}

/**
 * The order process, as data: for each status, the statuses it may move to, who may move
 * it there and what that does to stock. Everything else about transitions — what the API
 * accepts, what is 409 INVALID_TRANSITION, which stock moves follow — is read from here.
 * (Declared the way Vendure declares its order process: `transitions: { Created: { to: [...] } }`.)
 */
export const ORDER_PROCESS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderStatus, TransitionRule>>>>> = {
  PENDING: {
    PLACED: { by: ['system'], stock: 'hold' },
    REJECTED: { by: ['system'], stock: 'release' },
  },
  PLACED: {
    PICKING: { by: ['staff'] },
    CANCELLED: { by: ['customer', 'staff'], stock: 'restock' },
  },
  PICKING: {
    OUT_FOR_DELIVERY: { by: ['staff'] },
    CANCELLED: { by: ['staff'], stock: 'restock' },
  },
  OUT_FOR_DELIVERY: {
    DELIVERED: { by: ['staff'], stock: 'sell' },
    CANCELLED: { by: ['staff'], stock: 'restock' },
  },
  DELIVERED: {},
  CANCELLED: {},
  REJECTED: {},
};

export const ORDER_STATUSES = Object.keys(ORDER_PROCESS) as OrderStatus[];

/** The statuses `actor` may move an order in `from` to. */
export function nextStatuses(actor: Actor, from: OrderStatus): OrderStatus[] {
  return (Object.entries(ORDER_PROCESS[from]) as [OrderStatus, TransitionRule][])
    .filter(([, rule]) => rule.by.includes(actor))
    .map(([to]) => to);
}

/** The rule for this move, or 409 INVALID_TRANSITION naming what `actor` may do instead. */
export function transitionRule(actor: Actor, from: OrderStatus, to: OrderStatus): TransitionRule {
  const rule = ORDER_PROCESS[from][to];
  if (!rule || !rule.by.includes(actor)) throw OrderErrors.invalidTransition(from, to, nextStatuses(actor, from));
  return rule;
}

/** Every status `actor` can ever set: what the status-change endpoint accepts. */
export function settableStatuses(actor: Actor): OrderStatus[] {
  return ORDER_STATUSES.filter((to) => ORDER_STATUSES.some((from) => ORDER_PROCESS[from][to]?.by.includes(actor)));
}

/** True when no one can move an order out of `status`. */
export function isFinal(status: OrderStatus): boolean {
  return Object.keys(ORDER_PROCESS[status]).length === 0;
}
