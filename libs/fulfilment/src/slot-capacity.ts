import { Inject, Injectable } from '@nestjs/common';
import type { SlotCapacity, SlotCapacityPort } from '@gomart/contracts';
import { SLOT_STORE, type SlotStore } from './slot.store';
import { DELIVERY_ZONES } from './zones';

/** Capacity and bookings of the slots of a span of days, for the dashboard and the export. */
@Injectable()
export class SlotCapacityReader implements SlotCapacityPort {
  constructor(@Inject(SLOT_STORE) private readonly slots: SlotStore) {}

  async slotsBetween(from: string, to: string): Promise<SlotCapacity[]> {
    const perZone = await Promise.all(
      DELIVERY_ZONES.map((zone) => this.slots.listFrom(zone.id, `${zone.id}-${compact(from)}`, `${zone.id}-${compact(to)}-9999`)),
    );
    const names = new Map(DELIVERY_ZONES.map((zone) => [zone.id, zone.name]));
    return perZone
      .flat()
      .map(({ slotId, zoneId, day, start, end, capacity, booked }) => ({ slotId, zoneId, zoneName: names.get(zoneId) ?? zoneId, day, start, end, capacity, booked }));
  }
}

function compact(day: string): string {
  return day.replaceAll('-', '');
}
