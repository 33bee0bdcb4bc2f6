import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { slotIdFor, type StoredSlot } from './slot';
import { SLOT_STORE, type SlotStore } from './slot.store';
import { DELIVERY_ZONES, WEEKLY_TEMPLATE, type DeliveryZone } from './zones';
import { addDays, localDay, zonedToUtc } from './zoned-time';

/**
 * The slots of the weekly template for each zone, for today and the next SLOT_DAYS_AHEAD days,
 * in the zone's local time. Pure: the same zone, day span and settings give the same slots.
 */
export function slotsFor(zone: DeliveryZone, fromDay: string, days: number, cutoffMinutes: number): StoredSlot[] {
  return Array.from({ length: days + 1 }, (_, offset) => addDays(fromDay, offset)).flatMap((day) =>
    (WEEKLY_TEMPLATE[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? []).map((window): StoredSlot => {
      const start = zonedToUtc(day, window.start, zone.timeZone);
      return {
        zoneId: zone.id,
        slotId: slotIdFor(zone.id, day, window.start),
        day,
        start: start.toISOString(),
        end: zonedToUtc(day, window.end, zone.timeZone).toISOString(),
        cutoff: new Date(start.getTime() - cutoffMinutes * 60_000).toISOString(),
        capacity: window.capacity,
        free: window.capacity,
        held: 0,
        booked: 0,
        feeCents: window.feeCents,
        currency: 'AUD',
        holds: {},
        bookings: {},
      };
    }),
  );
}

/** Keeps the next days' slots open: creates the missing ones, never touches existing ones. */
@Injectable()
export class SlotCalendar {
  private readonly logger = new Logger('Slots');

  constructor(
    @Inject(SLOT_STORE) private readonly slots: SlotStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async extend(now = new Date()): Promise<number> {
    const { daysAhead, cutoffMinutes } = this.config.fulfilment;
    let created = 0;
    for (const zone of DELIVERY_ZONES) {
      const wanted = slotsFor(zone, localDay(now, zone.timeZone), daysAhead, cutoffMinutes);
      const existing = new Set((await this.slots.listFrom(zone.id, wanted[0]?.slotId ?? '')).map((slot) => slot.slotId));
      for (const slot of wanted.filter((candidate) => !existing.has(candidate.slotId))) {
        await this.slots.createIfMissing(slot);
        created += 1;
      }
    }
    if (created > 0) this.logger.log(`opened ${created} delivery slots for the next ${daysAhead} days`);
    return created;
  }
}
