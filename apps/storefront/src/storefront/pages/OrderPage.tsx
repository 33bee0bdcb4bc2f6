import { useState } from 'preact/hooks';
import { api } from '../../shared/api/client';
import type { Order, OrderLine } from '../../shared/api/types';
import { dateTime, day, grams, money, timeRange } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { useSession } from '../../shared/stores/session';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { OrderTimeline } from '../components/OrderTimeline';
import { StatusChip } from '../../shared/ui/StatusChip';
import { paths } from '../paths';

/** One order: where it is, what is in it (and what was picked), and cancel while it is only placed. */
export function OrderPage({ orderId }: { readonly orderId: string }) {
  usePageTitle('Order');
  const signedIn = useSession();
  const loaded = useAsync(() => api.order(orderId), [orderId, signedIn?.sub]);
  const [changed, setChanged] = useState<Order | undefined>();

  if (!signedIn) {
    return (
      <div class="card narrow">
        <h1>Order</h1>
        <Link class="button" href={paths.signIn(paths.order(orderId))}>
          Sign in to see this order
        </Link>
      </div>
    );
  }
  if (loaded.status === 'loading') return <SkeletonLines lines={5} label="Loading the order" />;
  if (loaded.status === 'error') return <ErrorMessage error={loaded.error} retry={loaded.reload} />;
  const order = changed?.id === orderId ? changed : loaded.value;
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href={paths.orders}>My orders</Link>
          </li>
          <li aria-current="page">Order of {dateTime(order.createdAt)}</li>
        </ol>
      </nav>
      <div class="section-head">
        <h1>Order of {dateTime(order.createdAt)}</h1>
        <StatusChip status={order.status} />
      </div>
      <p class="muted">Order number {order.id}</p>
      <div class="detail-grid">
        <div>
          <section class="card step" aria-labelledby="progress-heading">
            <h2 id="progress-heading">Progress</h2>
            <OrderTimeline order={order} />
            {order.status === 'PLACED' && <CancelOrder orderId={order.id} onCancelled={setChanged} />}
          </section>
          <section class="card step" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading">Delivery</h2>
            {order.slot ? (
              <p>
                {day(order.slot.start)}, {timeRange(order.slot.start, order.slot.end)}
              </p>
            ) : (
              <p class="muted">No delivery slot.</p>
            )}
            {order.deliveryAddress && (
              <p>
                {[order.deliveryAddress.name, order.deliveryAddress.line1, order.deliveryAddress.line2, `${order.deliveryAddress.city} ${order.deliveryAddress.postcode}`]
                  .filter(Boolean)
                  .join(', ')}
              </p>
            )}
          </section>
        </div>
        <section class="card" aria-labelledby="lines-heading">
          <h2 id="lines-heading">Products</h2>
          <OrderLines order={order} />
        </section>
      </div>
    </>
  );
}

/** Names of the specific products chosen as swaps (an order line names only its own product). */
function useSwapNames(order: Order): ReadonlyMap<string, string> {
  const ids = [...new Set(order.lines.map((line) => line.substitute ?? 'similar'))].filter((id) => id !== 'none' && id !== 'similar');
  const names = useAsync(
    () => Promise.all(ids.map((id) => api.product(id).then((product) => [id, product.name] as const, () => [id, ''] as const))),
    [ids.join(',')],
  );
  return new Map(names.status === 'ready' ? names.value.filter(([, name]) => name) : []);
}

function substitutionText(line: OrderLine, swapNames: ReadonlyMap<string, string>): string {
  if (line.picked?.result === 'substituted') return `Swapped for ${line.picked.substituteName ?? 'a similar product'}`;
  if (line.picked?.result === 'unavailable') return 'Not available: not charged';
  if (line.picked?.result === 'picked') return line.picked.grams ? `Picked, ${grams(line.picked.grams)}` : 'Picked';
  if (line.substitute === 'none') return 'No swap if out of stock';
  if (line.substitute === undefined || line.substitute === 'similar') return 'Swap for something similar';
  return `Swap for ${swapNames.get(line.substitute) ?? 'the product chosen'}`;
}

function OrderLines({ order }: { readonly order: Order }) {
  const swapNames = useSwapNames(order);
  return (
    <>
      <table class="lines-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" class="num">
              Qty
            </th>
            <th scope="col" class="num">
              Price
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.productId}>
              <td>
                {line.name}
                <br />
                <span class="note">{substitutionText(line, swapNames)}</span>
              </td>
              <td class="num">{line.quantity}</td>
              <td class="num">
                {line.picked ? money(line.picked.finalCents, order.currency) : `${line.soldBy === 'per_kg' ? 'approx. ' : ''}${money(line.lineTotalCents, order.currency)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="totals">
        {order.deliveryFeeCents !== undefined && (
          <>
            <dt>Delivery</dt>
            <dd>{order.deliveryFeeCents === 0 ? 'Free' : money(order.deliveryFeeCents, order.currency)}</dd>
          </>
        )}
        <dt>{order.finalTotalCents === undefined ? 'Estimated total' : 'Estimate'}</dt>
        <dd>{money(order.totalCents, order.currency)}</dd>
        {order.authorisedCents !== undefined && order.finalTotalCents === undefined && order.authorisedCents > order.totalCents && (
          <>
            <dt>Held on your card, at most</dt>
            <dd>{money(order.authorisedCents, order.currency)}</dd>
          </>
        )}
        {order.finalTotalCents !== undefined && (
          <>
            <dt>
              <strong>Final total</strong>
            </dt>
            <dd>
              <strong>{money(order.finalTotalCents, order.currency)}</strong>
            </dd>
          </>
        )}
      </dl>
    </>
  );
}

function CancelOrder({ orderId, onCancelled }: { readonly orderId: string; readonly onCancelled: (order: Order) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const cancel = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      onCancelled(await api.cancelOrder(orderId));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <div>
      {failure !== undefined && <ErrorMessage error={failure} title="The order was not cancelled" />}
      {confirming ? (
        <div class="alert alert-warning" role="alertdialog" aria-labelledby="cancel-question">
          <p id="cancel-question">Cancel this order? Its products go back on the shelf and its slot is released.</p>
          <div class="actions">
            <button type="button" class="button button-danger button-small" onClick={() => void cancel()} disabled={busy}>
              Yes, cancel the order
            </button>
            <button type="button" class="button button-quiet button-small" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
          Cancel order
        </button>
      )}
    </div>
  );
}
