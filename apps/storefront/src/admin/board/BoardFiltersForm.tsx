import type { OrderStatus } from '../../shared/api/types';
import { STATUS_LABELS } from '../../shared/ui/StatusChip';
import { BOARD_STATUSES, type BoardDay, type BoardFilters } from './board-query';

interface BoardFiltersProps {
  readonly filters: BoardFilters;
  readonly zones: readonly { readonly id: string; readonly name: string }[];
  readonly onChange: (filters: BoardFilters) => void;
}

const DAYS: readonly { readonly value: BoardDay; readonly label: string }[] = [
  { value: 'today', label: 'Today' },
  { value: 'tomorrow', label: 'Tomorrow' },
];

/** Day, zone and statuses: each change applies at once (no submit button to find). */
export function BoardFiltersForm({ filters, zones, onChange }: BoardFiltersProps) {
  const shown = (status: OrderStatus) => filters.statuses.length === 0 || filters.statuses.includes(status);
  const toggle = (status: OrderStatus, on: boolean) => {
    const current = filters.statuses.length ? filters.statuses : BOARD_STATUSES;
    const next = on ? [...current, status] : current.filter((value) => value !== status);
    // All ticked is the same as none chosen: every status.
    const ordered = BOARD_STATUSES.filter((value) => next.includes(value));
    onChange({ ...filters, statuses: ordered.length === BOARD_STATUSES.length ? [] : ordered.length ? ordered : [status] });
  };
  return (
    <form class="board-filters card" onSubmit={(event) => event.preventDefault()} aria-label="Board filters">
      <div class="filter-group" role="group" aria-label="Day">
        <span class="filter-label" aria-hidden="true">
          Day
        </span>
        <div class="segmented">
          {DAYS.map((day) => (
            <button
              key={day.value}
              type="button"
              aria-pressed={filters.day === day.value}
              onClick={() => onChange({ ...filters, day: day.value })}
            >
              {day.label}
            </button>
          ))}
        </div>
      </div>
      <div class="field filter-zone">
        <label for="board-zone">Zone</label>
        <select id="board-zone" value={filters.zone} onChange={(event) => onChange({ ...filters, zone: event.currentTarget.value })}>
          <option value="">All zones</option>
          {zones.map((zone) => (
            <option key={zone.id} value={zone.id}>
              {zone.name}
            </option>
          ))}
          {filters.zone && !zones.some((zone) => zone.id === filters.zone) && <option value={filters.zone}>{filters.zone}</option>}
        </select>
      </div>
      <fieldset class="filter-statuses">
        <legend>Status</legend>
        {BOARD_STATUSES.map((status) => (
          <label key={status} class="check">
            <input
              type="checkbox"
              checked={shown(status)}
              // The last ticked status stays: a board of nothing helps no one.
              disabled={shown(status) && filters.statuses.length === 1}
              onChange={(event) => toggle(status, event.currentTarget.checked)}
            />
            {STATUS_LABELS[status]}
          </label>
        ))}
      </fieldset>
    </form>
  );
}
