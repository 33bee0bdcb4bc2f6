import { money, plural } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { StatusChip } from '../../shared/ui/StatusChip';
import { adminPaths } from '../paths';
import type { BoardOrder } from '../types';

/** The last characters of an order id: what staff say aloud ("order …Q1bT"). */
export const shortId = (orderId: string): string => `…${orderId.slice(-6)}`;

/** One order on the board: who, how big, how far picked; the whole card opens the order. */
export function OrderCard({ order }: { readonly order: BoardOrder }) {
  const started = order.status === 'PICKING' || order.picked > 0;
  return (
    <li class="order-card">
      <div class="order-card-head">
        <Link class="order-card-link" href={adminPaths.order(order.id)}>
          {order.customerName ?? 'Customer'} <span class="order-card-id">{shortId(order.id)}</span>
        </Link>
        <StatusChip status={order.status} />
      </div>
      <p class="order-card-meta">
        {plural(order.lineCount, 'line')} · {plural(order.unitCount, 'item')}
        {order.postcode && <> · {order.postcode}</>}
      </p>
      <p class="order-card-meta">
        {started && (
          <span class="order-card-progress">
            Picked {order.picked}/{order.lineCount} ·{' '}
          </span>
        )}
        {order.finalTotalCents !== undefined ? (
          <>Final {money(order.finalTotalCents, order.currency)}</>
        ) : (
          <>Est. {money(order.totalCents, order.currency)}</>
        )}
      </p>
    </li>
  );
}
