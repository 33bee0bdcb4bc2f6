import type { Order, OrderStatus } from '../../shared/api/types';
import { dateTime } from '../../shared/format';
import { STATUS_LABELS } from '../../shared/ui/StatusChip';

/** The way an order goes when all is well. */
const PATH: readonly OrderStatus[] = ['PLACED', 'PICKING', 'OUT_FOR_DELIVERY', 'DELIVERED'];

/** Where the order is on its way: steps reached (with when), the current one, what is still to come. */
export function OrderTimeline({ order }: { readonly order: Order }) {
  const entries = order.timeline ?? [];
  const at = (status: OrderStatus) => entries.find((entry) => entry.status === status)?.at;
  const ended = order.status === 'CANCELLED' || order.status === 'REJECTED';
  // A cancelled order shows how far it got: the last step of the path in its timeline.
  const reached = ended
    ? Math.max(-1, ...PATH.map((status, index) => (at(status) ? index : -1)))
    : PATH.indexOf(order.status);
  const steps = ended ? PATH.slice(0, reached + 1) : PATH;
  return (
    <ol class="timeline" aria-label="Order progress">
      {steps.map((status, index) => {
        const done = index <= reached;
        const current = !ended && index === reached;
        const when = at(status);
        return (
          <li key={status} class={`${done ? 'done' : ''} ${current ? 'current' : ''}`} aria-current={current ? 'step' : undefined}>
            {STATUS_LABELS[status]}
            {done && when && <span class="muted"> · {dateTime(when)}</span>}
            {!done && <span class="visually-hidden"> (not yet)</span>}
          </li>
        );
      })}
      {ended && (
        <li class="done current" aria-current="step">
          {STATUS_LABELS[order.status]}
          {at(order.status) && <span class="muted"> · {dateTime(at(order.status)!)}</span>}
        </li>
      )}
    </ol>
  );
}
