import type { OrderStatus } from '../../shared/api/types';
import { plural } from '../../shared/format';
import type { StaffOrder } from '../types';

/** The one step staff take next from each status (cancelling is not the picker's job). */
const NEXT_STEP: Partial<Record<OrderStatus, { readonly to: OrderStatus; readonly label: string }>> = {
  PLACED: { to: 'PICKING', label: 'Start picking' },
  PICKING: { to: 'OUT_FOR_DELIVERY', label: 'Out for delivery' },
  OUT_FOR_DELIVERY: { to: 'DELIVERED', label: 'Delivered' },
};

interface StatusActionsProps {
  readonly order: StaffOrder;
  readonly busy: boolean;
  readonly onMove: (to: OrderStatus) => void;
}

/** "Start picking", "Out for delivery" or "Delivered", as the order's status allows. */
export function StatusActions({ order, busy, onMove }: StatusActionsProps) {
  const step = NEXT_STEP[order.status];
  if (!step) return <p class="muted flush">Nothing more to do for this order.</p>;
  const left = order.status === 'PICKING' ? order.lines.filter((line) => !line.picked).length : 0;
  return (
    <div class="status-actions">
      <button
        type="button"
        class="button button-block"
        disabled={busy || left > 0}
        aria-describedby={left > 0 ? 'status-hint' : undefined}
        onClick={() => onMove(step.to)}
      >
        {busy ? 'Saving…' : step.label}
      </button>
      {left > 0 && (
        <p id="status-hint" class="field-hint">
          Record every line first: {plural(left, 'line')} to go.
        </p>
      )}
    </div>
  );
}
