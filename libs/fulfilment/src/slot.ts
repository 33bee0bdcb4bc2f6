import { randomBytes } from 'node:crypto';

/** A hold as kept on its slot item: whose, until when, and whether it was renewed. */
export interface HoldRecord {
  readonly customerId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly renewed: boolean;
}

/** A booking as kept on its slot item: the order, and the hold it came from. */
export interface BookingRecord {
  readonly holdId: string;
  readonly customerId: string;
}

/** A delivery slot as stored. `booked + held + free == capacity` after every write. */
export interface StoredSlot {
  readonly zoneId: string;
  readonly slotId: string;
  /** The zone's local day of the slot, YYYY-MM-DD. */
  readonly day: string;
  readonly start: string;
  readonly end: string;
  /** No hold or booking after this instant. */
  readonly cutoff: string;
  readonly capacity: number;
  readonly free: number;
  readonly held: number;
  readonly booked: number;
  readonly feeCents: number;
  readonly currency: string;
  readonly holds: Readonly<Record<string, HoldRecord>>;
  readonly bookings: Readonly<Record<string, BookingRecord>>;
}

/** What a shopper sees of a slot; `remaining` counts expired holds as free (the sweeper frees them soon). */
export interface SlotView {
  readonly id: string;
  readonly zoneId: string;
  /** The zone's local day of the slot, YYYY-MM-DD (the order board's day). */
  readonly day: string;
  readonly start: string;
  readonly end: string;
  readonly cutoff: string;
  readonly capacity: number;
  readonly remaining: number;
  readonly feeCents: number;
  readonly currency: string;
  readonly bookable: boolean;
}

export type HoldStatus = 'held' | 'expired' | 'booked';

export interface SlotHoldView {
  readonly id: string;
  readonly slotId: string;
  readonly status: HoldStatus;
  readonly expiresAt: string;
  readonly renewalsLeft: number;
  readonly orderId?: string;
  readonly slot: SlotView;
}

/** The slot of a zone that starts at `start` local time on `day`: `syd-20261202-0800`. */
export function slotIdFor(zoneId: string, day: string, start: string): string {
  return `${zoneId}-${day.replaceAll('-', '')}-${start.replace(':', '')}`;
}

/** A hold id names its slot (`syd-20261202-0800.k3f9...`), so a hold is found without an index. */
export function newHoldId(slotId: string): string {
  return `${slotId}.${randomBytes(9).toString('base64url')}`;
}

const HOLD_ID = /^([a-z]{2,8})-(\d{8})-(\d{4})\.[A-Za-z0-9_-]{12}$/;
const SLOT_ID = /^([a-z]{2,8})-(\d{8})-(\d{4})$/;

/** The zone and slot a hold id names, or undefined for anything else. */
export function parseHoldId(holdId: string): { zoneId: string; slotId: string } | undefined {
  const match = HOLD_ID.exec(holdId);
  return match ? { zoneId: match[1]!, slotId: holdId.slice(0, holdId.indexOf('.')) } : undefined;
}

/** The zone a slot id names, or undefined for anything else. */
export function zoneOfSlot(slotId: string): string | undefined {
  return SLOT_ID.exec(slotId)?.[1];
}

export function isExpired(hold: HoldRecord, now: number): boolean {
  return hold.expiresAt <= now;
}

export function toSlotView(slot: StoredSlot, now: number): SlotView {
  const expired = Object.values(slot.holds).filter((hold) => isExpired(hold, now)).length;
  const remaining = slot.free + expired;
  return {
    id: slot.slotId,
    zoneId: slot.zoneId,
    day: slot.day,
    start: slot.start,
    end: slot.end,
    cutoff: slot.cutoff,
    capacity: slot.capacity,
    remaining,
    feeCents: slot.feeCents,
    currency: slot.currency,
    bookable: remaining > 0 && Date.parse(slot.cutoff) > now,
  };
}

export function toHoldView(slot: StoredSlot, holdId: string, now: number): SlotHoldView | undefined {
  const hold = slot.holds[holdId];
  const view = toSlotView(slot, now);
  if (hold) {
    return {
      id: holdId,
      slotId: slot.slotId,
      status: isExpired(hold, now) ? 'expired' : 'held',
      expiresAt: new Date(hold.expiresAt).toISOString(),
      renewalsLeft: hold.renewed ? 0 : 1,
      slot: view,
    };
  }
  const booking = Object.entries(slot.bookings).find(([, record]) => record.holdId === holdId);
  if (!booking) return undefined;
  return { id: holdId, slotId: slot.slotId, status: 'booked', expiresAt: slot.cutoff, renewalsLeft: 0, orderId: booking[0], slot: view };
}
