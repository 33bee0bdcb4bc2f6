import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { Metrics } from '@gomart/metrics';
import type { FulfilmentPort, OrderSlot } from '@gomart/contracts';
import { FulfilmentErrors } from './fulfilment.errors';
import { isExpired, newHoldId, parseHoldId, toHoldView, toSlotView, zoneOfSlot, type SlotHoldView, type SlotView, type StoredSlot } from './slot';
import { SLOT_STORE, type SlotStore } from './slot.store';
import { zoneForPostcode } from './zones';
import { localDay } from './zoned-time';

/**
 * Delivery slots for shoppers, and the FulfilmentPort for orders. A hold takes a place for
 * SLOT_HOLD_MS (renewable once); placing the order books it; cancelling the order gives it
 * back; an expired hold gives its place back when the sweeper comes, or when someone needs it.
 */
@Injectable()
export class SlotHolds implements FulfilmentPort {
  constructor(
    @Inject(SLOT_STORE) private readonly slots: SlotStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  /** The zone serving `postcode` and its slots from today on. */
  async forPostcode(postcode: string, now = Date.now()): Promise<{ zone: { id: string; name: string }; items: SlotView[] }> {
    const zone = zoneForPostcode(postcode);
    if (!zone) throw FulfilmentErrors.postcodeNotServed(postcode);
    const today = localDay(new Date(now), zone.timeZone).replaceAll('-', '');
    const slots = await this.slots.listFrom(zone.id, `${zone.id}-${today}`);
    const items = slots.filter((slot) => Date.parse(slot.end) > now).map((slot) => toSlotView(slot, now));
    return { zone: { id: zone.id, name: zone.name }, items };
  }

  async hold(customerId: string, slotId: string, now = Date.now()): Promise<SlotHoldView> {
    const slot = await this.slotOrFail(slotId);
    const holdId = newHoldId(slotId);
    const record = { customerId, expiresAt: now + this.config.fulfilment.holdMs, renewed: false };
    let outcome = await this.slots.hold(slot.zoneId, slotId, holdId, record, now);
    // Full, but with holds that have expired and not been swept yet: free them, and try once more.
    if (outcome === 'full' && (await this.releaseExpired(slot, now)) > 0) outcome = await this.slots.hold(slot.zoneId, slotId, holdId, record, now);
    const current = await this.slotOrFail(slotId);
    if (outcome === 'closed') throw FulfilmentErrors.slotClosed(toSlotView(current, now));
    if (outcome !== 'held') throw FulfilmentErrors.slotFull(toSlotView(current, now));
    this.metrics.count('SlotHolds');
    return toHoldView(current, holdId, now)!;
  }

  async get(customerId: string, holdId: string, now = Date.now()): Promise<SlotHoldView> {
    const { slot } = await this.ownHold(customerId, holdId);
    return toHoldView(slot, holdId, now)!;
  }

  async renew(customerId: string, holdId: string, now = Date.now()): Promise<SlotHoldView> {
    const { slot, hold } = await this.ownHold(customerId, holdId);
    if (!hold) throw FulfilmentErrors.holdExpired(holdId, toSlotView(slot, now));
    if (isExpired(hold, now)) throw FulfilmentErrors.holdExpired(holdId, toSlotView(slot, now));
    if (hold.renewed) throw FulfilmentErrors.renewedAlready(holdId);
    if (!(await this.slots.renew(slot.zoneId, slot.slotId, holdId, customerId, now + this.config.fulfilment.holdMs, now))) {
      return this.renew(customerId, holdId, now);
    }
    return this.get(customerId, holdId, now);
  }

  /** The customer gives the hold up (a new slot chosen); a booked or gone hold changes nothing. */
  async release(customerId: string, holdId: string): Promise<void> {
    const { slot, hold } = await this.ownHold(customerId, holdId);
    if (hold) await this.slots.release(slot.zoneId, slot.slotId, holdId);
  }

  async checkHold(customerId: string, holdId: string, now = Date.now()): Promise<OrderSlot> {
    const { slot, hold } = await this.ownHold(customerId, holdId, 'gone is expired');
    if (!hold || isExpired(hold, now) || Date.parse(slot.cutoff) <= now) {
      const booked = Object.values(slot.bookings).some((booking) => booking.holdId === holdId);
      if (!booked) throw FulfilmentErrors.holdExpired(holdId, toSlotView(slot, now));
    }
    return orderSlot(slot, holdId);
  }

  async book(customerId: string, holdId: string, orderId: string, now = Date.now()): Promise<OrderSlot> {
    const { slot } = await this.ownHold(customerId, holdId, 'gone is expired');
    const outcome = await this.slots.book(slot.zoneId, slot.slotId, holdId, orderId, { holdId, customerId }, now);
    if (outcome !== 'booked' && outcome !== 'already-booked') {
      throw FulfilmentErrors.holdExpired(holdId, toSlotView((await this.slots.get(slot.zoneId, slot.slotId)) ?? slot, now));
    }
    return orderSlot(slot, holdId);
  }

  async cancelBooking(slotId: string, orderId: string): Promise<void> {
    const zoneId = zoneOfSlot(slotId);
    if (zoneId) await this.slots.cancelBooking(zoneId, slotId, orderId);
  }

  /** Gives back the places of a slot's expired holds; how many were freed. */
  async releaseExpired(slot: StoredSlot, now: number): Promise<number> {
    let freed = 0;
    for (const [holdId, hold] of Object.entries(slot.holds)) {
      if (isExpired(hold, now) && (await this.slots.release(slot.zoneId, slot.slotId, holdId, now))) freed += 1;
    }
    this.metrics.count('SlotHoldsExpired', undefined, freed);
    return freed;
  }

  private async slotOrFail(slotId: string): Promise<StoredSlot> {
    const zoneId = zoneOfSlot(slotId);
    const slot = zoneId ? await this.slots.get(zoneId, slotId) : undefined;
    if (!slot) throw FulfilmentErrors.slotNotFound(slotId);
    return slot;
  }

  /**
   * The hold's slot, if the hold is this customer's (live, expired or booked); SLOT_HOLD_NOT_FOUND
   * otherwise. At checkout (`gone is expired`) a hold no longer on its slot is one the sweeper
   * released after it expired: SLOT_HOLD_EXPIRED, with the slot as it is now.
   */
  private async ownHold(customerId: string, holdId: string, gone?: 'gone is expired') {
    const where = parseHoldId(holdId);
    const slot = where ? await this.slots.get(where.zoneId, where.slotId) : undefined;
    const hold = slot?.holds[holdId];
    const booking = slot && Object.values(slot.bookings).find((record) => record.holdId === holdId);
    const owner = hold?.customerId ?? booking?.customerId;
    if (slot && !owner && gone) throw FulfilmentErrors.holdExpired(holdId, toSlotView(slot, Date.now()));
    if (!slot || owner !== customerId) throw FulfilmentErrors.holdNotFound(holdId);
    return { slot, hold };
  }
}

function orderSlot(slot: StoredSlot, holdId: string): OrderSlot {
  return { slotId: slot.slotId, holdId, day: slot.day, start: slot.start, end: slot.end, feeCents: slot.feeCents, currency: slot.currency };
}
