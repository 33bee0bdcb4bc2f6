import { api } from '../../shared/api/client';
import { day, money, timeRange } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { StatusChip } from '../../shared/ui/StatusChip';
import { paths } from '../paths';

/** After "Place order": what was ordered, when it comes, what it is estimated to cost. */
export function ConfirmationPage({ orderId }: { readonly orderId: string }) {
  usePageTitle('Order placed');
  const order = useAsync(() => api.order(orderId), [orderId]);
  if (order.status === 'loading') return <SkeletonLines lines={4} label="Loading your order" />;
  if (order.status === 'error') return <ErrorMessage error={order.error} retry={order.reload} />;
  const placed = order.value;
  const units = placed.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <div class="card narrow">
      <h1>Thank you, your order is placed</h1>
      <p>
        <StatusChip status={placed.status} /> Order number <strong>{placed.id}</strong>
      </p>
      {placed.slot && (
        <p>
          Delivery <strong>{day(placed.slot.start)}, {timeRange(placed.slot.start, placed.slot.end)}</strong>
        </p>
      )}
      <p>
        {units} {units === 1 ? 'item' : 'items'} · estimated total <strong>{money(placed.totalCents, placed.currency)}</strong>
      </p>
      {placed.authorisedCents !== undefined && placed.authorisedCents > placed.totalCents && (
        <p class="note">
          We hold up to {money(placed.authorisedCents, placed.currency)} on your card until weighed items are picked; you pay
          only what they weigh.
        </p>
      )}
      <div class="actions">
        <Link class="button" href={paths.order(placed.id)}>
          Track this order
        </Link>
        <Link class="button button-secondary" href={paths.home}>
          Continue shopping
        </Link>
      </div>
    </div>
  );
}
