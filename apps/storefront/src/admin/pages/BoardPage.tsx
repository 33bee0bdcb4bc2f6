import { day as dayName } from '../../shared/format';
import { navigate } from '../../shared/router/router';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { adminApi } from '../api';
import { BoardFiltersForm } from '../board/BoardFiltersForm';
import { dayOf, filtersQuery, readFilters, type BoardFilters } from '../board/board-query';
import { SlotColumn, slotTitle } from '../board/SlotColumn';
import { adminPaths } from '../paths';
import type { OrderBoard } from '../types';

/** The staff's order board: one day's delivery slots as columns, each with its orders. */
export function BoardPage({ query }: { readonly query: URLSearchParams }) {
  usePageTitle('Order board');
  const filters = readFilters(query);
  const day = dayOf(filters.day);
  const board = useAsync(
    (signal) => adminApi.board({ day, zone: filters.zone || undefined, statuses: filters.statuses }, signal),
    [day, filters.zone, filters.statuses.join(',')],
  );
  const change = (next: BoardFilters) => navigate(adminPaths.board(filtersQuery(next)), { replace: true, keepFocus: true });
  const zones = board.status === 'ready' ? board.value.zones : [];

  return (
    <>
      <div class="section-head">
        <h1>Order board</h1>
        <button type="button" class="button button-secondary button-small" onClick={board.reload}>
          Refresh
        </button>
      </div>
      <p class="lead">{dayName(`${day}T12:00:00`)}: delivery slots and their orders. Open an order to pick it.</p>
      <BoardFiltersForm filters={filters} zones={zones} onChange={change} />
      {board.status === 'loading' && <BoardSkeleton />}
      {board.status === 'error' && <ErrorMessage error={board.error} title="The board could not be loaded" retry={board.reload} />}
      {board.status === 'ready' && <BoardColumns board={board.value} />}
    </>
  );
}

function BoardColumns({ board }: { readonly board: OrderBoard }) {
  const zoneName = new Map(board.zones.map((zone) => [zone.id, zone.name]));
  const orders = board.slots.reduce((sum, slot) => sum + slot.orders.length, 0) + board.unscheduled.length;
  return (
    <>
      <p class="board-count" role="status">
        {orders === 1 ? '1 order' : `${orders} orders`} in {board.slots.length === 1 ? '1 slot' : `${board.slots.length} slots`}
      </p>
      {board.slots.length === 0 && board.unscheduled.length === 0 ? (
        <div class="empty-state card">
          <p>No delivery slots or orders for this day.</p>
        </div>
      ) : (
        <div class="board">
          {board.slots.map((slot) => (
            <SlotColumn
              key={slot.id}
              id={slot.id}
              title={slotTitle(slot)}
              subtitle={zoneName.get(slot.zoneId) ?? slot.zoneId}
              orders={slot.orders}
              load={{ booked: slot.booked, capacity: slot.capacity }}
            />
          ))}
          {board.unscheduled.length > 0 && (
            <SlotColumn id="unscheduled" title="No delivery slot" subtitle="Placed this day" orders={board.unscheduled} />
          )}
        </div>
      )}
    </>
  );
}

function BoardSkeleton() {
  return (
    <div role="status" aria-live="polite">
      <span class="visually-hidden">Loading the board…</span>
      <div class="board" aria-hidden="true">
        {[0, 1, 2].map((index) => (
          <div key={index} class="skeleton skeleton-column" />
        ))}
      </div>
    </div>
  );
}
