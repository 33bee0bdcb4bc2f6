import type { Slot } from '../../shared/api/types';
import { day, dayKey, money, timeRange } from '../../shared/format';

interface SlotPickerProps {
  readonly slots: readonly Slot[];
  /** The slot being held right now (its button shows it). */
  readonly picking?: string;
  readonly onPick: (slot: Slot) => void;
}

function availability(slot: Slot): string {
  if (slot.bookable && slot.remaining > 0) return `${slot.remaining} left`;
  return slot.remaining <= 0 ? 'Full' : 'Closed';
}

/** Delivery windows grouped by day, each with its fee and how many deliveries it can still take. */
export function SlotPicker({ slots, picking, onPick }: SlotPickerProps) {
  const days = new Map<string, Slot[]>();
  for (const slot of [...slots].sort((a, b) => a.start.localeCompare(b.start))) {
    const key = dayKey(slot.start);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  if (days.size === 0) return <p>There are no delivery slots for this postcode in the coming days.</p>;
  return (
    <div>
      {[...days.values()].map((daySlots) => (
        <section class="slot-day" key={daySlots[0]!.start}>
          <h3>{day(daySlots[0]!.start)}</h3>
          <ul class="slot-list">
            {daySlots.map((slot) => {
              const open = slot.bookable && slot.remaining > 0;
              return (
                <li key={slot.id}>
                  <button
                    type="button"
                    class="slot"
                    aria-pressed={picking === slot.id ? 'true' : 'false'}
                    disabled={!open || picking !== undefined}
                    onClick={() => onPick(slot)}
                  >
                    <span class="slot-time">{timeRange(slot.start, slot.end)}</span>
                    <span class="slot-meta">
                      {slot.feeCents === 0 ? 'Free' : money(slot.feeCents, slot.currency)} · {availability(slot)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
