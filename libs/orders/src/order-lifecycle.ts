import type { OrderStatus } from '@gomart/contracts';
import { OrderErrors } from './order.errors';
import type { OrderWork } from './order';

/** Who moves an order: placement itself (`system`), its customer, or store staff (and admins). */
export type Actor = 'system' | 'customer' | 'staff';

export interface TransitionRule {
  /** Who may make the move. */
  readonly by: readonly Actor[];
  /** The work it leaves to do (see ORDER_WORK and order-work.ts for what each does to stock). */
  readonly work: readonly OrderWork[];
}

/**
 * The order process, as data: for each status, the statuses it may move to, who may move
 * it there and the work that follows (stock, the delivery slot). Everything else about
 * transitions — what the API accepts, what is 409 INVALID_TRANSITION, which work follows —
 * is read from here. (Declared the way Vendure declares its order process:
 * `transitions: { Created: { to: [...] } }`.) Leaving PICKING for OUT_FOR_DELIVERY also needs
 * every line picked (see OrderPicking).
 */
export const ORDER_PROCESS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderStatus, TransitionRule>>>>> = {
  PENDING: {
    PLACED: { by: ['system'], work: ['hold'] },
    REJECTED: { by: ['system'], work: ['release'] },
  },
  PLACED: {
    PICKING: { by: ['staff'], work: [] },
    CANCELLED: { by: ['customer', 'staff'], work: ['restock', 'unbook'] },
  },
  PICKING: {
    OUT_FOR_DELIVERY: { by: ['staff'], work: ['substitute'] },
    CANCELLED: { by: ['staff'], work: ['restock', 'unbook'] },
  },
  OUT_FOR_DELIVERY: {
    DELIVERED: { by: ['staff'], work: ['sell'] },
    CANCELLED: { by: ['staff'], work: ['restock', 'unbook'] },
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
