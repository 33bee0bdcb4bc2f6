import { DomainError, type OrderStatus } from '@gomart/contracts';
import { isFinal, nextStatuses, ORDER_STATUSES, settableStatuses, transitionRule, type Actor } from './order-lifecycle';

/**
 * The process as the README and the shop describe it, written out independently of the table
 * in order-lifecycle.ts: every (actor, from, to) not listed here must be refused.
 */
const CANCEL = ['restock', 'unbook'];
const ALLOWED: readonly [Actor, OrderStatus, OrderStatus, readonly string[]][] = [
  ['system', 'PENDING', 'PLACED', ['hold']],
  ['system', 'PENDING', 'REJECTED', ['release']],
  ['staff', 'PLACED', 'PICKING', []],
  ['customer', 'PLACED', 'CANCELLED', CANCEL],
  ['staff', 'PLACED', 'CANCELLED', CANCEL],
  ['staff', 'PICKING', 'OUT_FOR_DELIVERY', ['substitute']],
  ['staff', 'PICKING', 'CANCELLED', CANCEL],
  ['staff', 'OUT_FOR_DELIVERY', 'DELIVERED', ['sell']],
  ['staff', 'OUT_FOR_DELIVERY', 'CANCELLED', CANCEL],
];

const ACTORS: readonly Actor[] = ['system', 'customer', 'staff'];
const every = ACTORS.flatMap((actor) => ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [actor, from, to] as const)));

describe('order lifecycle', () => {
  it.each(every)('%s: %s → %s', (actor, from, to) => {
    const expected = ALLOWED.find(([a, f, t]) => a === actor && f === from && t === to);
    if (expected) {
      expect(transitionRule(actor, from, to).work).toEqual(expected[3]);
      return;
    }
    let error: unknown;
    try {
      transitionRule(actor, from, to);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { from, to, allowed: ALLOWED.filter(([a, f]) => a === actor && f === from).map(([, , t]) => t) },
    });
  });

  it('lets staff set exactly the statuses after placement, and the customer only cancel', () => {
    expect(settableStatuses('staff').sort()).toEqual(['CANCELLED', 'DELIVERED', 'OUT_FOR_DELIVERY', 'PICKING']);
    expect(settableStatuses('customer')).toEqual(['CANCELLED']);
  });

  it('ends in DELIVERED, CANCELLED and REJECTED, from which nobody moves an order', () => {
    expect(ORDER_STATUSES.filter(isFinal).sort()).toEqual(['CANCELLED', 'DELIVERED', 'REJECTED']);
    for (const actor of ACTORS) expect(nextStatuses(actor, 'DELIVERED')).toEqual([]);
  });
});
