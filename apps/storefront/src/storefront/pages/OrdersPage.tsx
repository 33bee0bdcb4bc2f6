import { useEffect, useState } from 'preact/hooks';
import { api } from '../../shared/api/client';
import type { Order } from '../../shared/api/types';
import { dateTime, money, plural, shortDay, timeRange } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { useSession } from '../../shared/stores/session';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { usePageTitle } from '../../shared/ui/use-async';
import { signOut } from '../auth/sign-out';
import { StatusChip } from '../../shared/ui/StatusChip';
import { paths } from '../paths';

interface OrdersState {
  readonly orders: readonly Order[];
  readonly nextCursor: string | null;
  readonly status: 'loading' | 'ready' | 'more' | 'error';
  readonly error?: unknown;
}

/** The customer's orders, newest first, each with its status. */
export function OrdersPage() {
  usePageTitle('My orders');
  const signedIn = useSession();
  const [state, setState] = useState<OrdersState>({ orders: [], nextCursor: null, status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    setState({ orders: [], nextCursor: null, status: 'loading' });
    api.orders().then(
      (page) => live && setState({ orders: page.items, nextCursor: page.nextCursor, status: 'ready' }),
      (error: unknown) => live && setState({ orders: [], nextCursor: null, status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [signedIn?.sub, attempt]);

  if (!signedIn) {
    return (
      <div class="card narrow">
        <h1>My orders</h1>
        <p>Sign in to see your orders.</p>
        <Link class="button" href={paths.signIn(paths.orders)}>
          Sign in
        </Link>
      </div>
    );
  }
  const more = () => {
    if (!state.nextCursor) return;
    setState((current) => ({ ...current, status: 'more' }));
    api.orders(state.nextCursor).then(
      (page) => setState((current) => ({ orders: [...current.orders, ...page.items], nextCursor: page.nextCursor, status: 'ready' })),
      (error: unknown) => setState((current) => ({ ...current, status: 'ready', error })),
    );
  };
  return (
    <>
      <div class="section-head">
        <h1>My orders</h1>
        <p>
          Signed in as {signedIn.name}.{' '}
          <button type="button" class="button button-quiet button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      </div>
      {state.status === 'loading' && <SkeletonLines lines={4} label="Loading your orders" />}
      {state.status === 'error' && <ErrorMessage error={state.error} retry={() => setAttempt((count) => count + 1)} />}
      {state.status !== 'loading' && state.status !== 'error' && state.orders.length === 0 && (
        <div class="empty-state card">
          <p>You have no orders yet.</p>
          <Link href={paths.home}>Start shopping</Link>
        </div>
      )}
      {state.orders.length > 0 && (
        <ul class="order-list">
          {state.orders.map((order) => (
            <li key={order.id} class="card order-row">
              <div>
                <Link href={paths.order(order.id)}>Order of {dateTime(order.createdAt)}</Link>
                <p class="muted flush">
                  {plural(order.lines.reduce((sum, line) => sum + line.quantity, 0), 'item')} ·{' '}
                  {money(order.finalTotalCents ?? order.totalCents, order.currency)}
                  {order.slot && ` · delivery ${shortDay(order.slot.start)}, ${timeRange(order.slot.start, order.slot.end)}`}
                </p>
              </div>
              <StatusChip status={order.status} />
            </li>
          ))}
        </ul>
      )}
      {state.error !== undefined && state.status === 'ready' && <ErrorMessage error={state.error} retry={more} />}
      {state.nextCursor && (
        <div class="load-more">
          <button type="button" class="button button-secondary" onClick={more} disabled={state.status === 'more'}>
            Show older orders
          </button>
        </div>
      )}
    </>
  );
}
