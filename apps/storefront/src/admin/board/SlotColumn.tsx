import { timeRange } from '../../shared/format';
import type { BoardOrder, BoardSlot } from '../types';
import { OrderCard } from './OrderCard';

interface SlotColumnProps {
  readonly id: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly orders: readonly BoardOrder[];
  /** Booked ÷ capacity of a delivery slot (absent for the unscheduled orders). */
  readonly load?: { readonly booked: number; readonly capacity: number };
}

/** A column of the board: one delivery slot (or the orders without one) and its orders. */
export function SlotColumn({ id, title, subtitle, orders, load }: SlotColumnProps) {
  const headingId = `slot-${id}`;
  const full = load !== undefined && load.capacity > 0 && load.booked >= load.capacity;
  return (
    <section class="slot-column" aria-labelledby={headingId}>
      <header class="slot-column-head">
        <h2 id={headingId}>{title}</h2>
        {subtitle && <p class="muted flush">{subtitle}</p>}
        {load && (
          <div class="slot-load">
            <span class={full ? 'slot-load-text slot-full' : 'slot-load-text'}>
              {load.booked}/{load.capacity} booked{full ? ' · full' : ''}
            </span>
            <span class="slot-load-bar" aria-hidden="true">
              <span style={{ width: `${load.capacity ? Math.min(100, (100 * load.booked) / load.capacity) : 0}%` }} />
            </span>
          </div>
        )}
      </header>
      {orders.length ? (
        <ul class="order-cards" aria-label={`Orders, ${title}`}>
          {orders.map((order) => (
            <OrderCard key={order.id} order={order} />
          ))}
        </ul>
      ) : (
        <p class="muted slot-empty">No orders</p>
      )}
    </section>
  );
}

export function slotTitle(slot: BoardSlot): string {
  return timeRange(slot.start, slot.end);
}
