import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api/client';
import type { OrderStatus, Product } from '../../shared/api/types';
import { money, timeRange, day as dayName } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { StatusChip } from '../../shared/ui/StatusChip';
import { useAsync, usePageTitle, type AsyncState } from '../../shared/ui/use-async';
import { adminApi } from '../api';
import { shortId } from '../board/OrderCard';
import { adminPaths } from '../paths';
import { pickText } from '../picking/pick-text';
import { PickLineItem } from '../picking/PickLineItem';
import { StatusActions } from '../picking/StatusActions';
import type { PickBody, StaffOrder, StaffOrderLine, StaffPick } from '../types';

type LineProblem = { readonly error: unknown; readonly title: string; readonly conflict?: string };

/** Reads the order, and reads it again (without blanking the page) after a conflict. */
function useOrder(orderId: string) {
  const [state, setState] = useState<AsyncState<StaffOrder>>({ status: 'loading' });
  const wanted = useRef(orderId);
  wanted.current = orderId;
  const load = useCallback(async () => {
    try {
      const order = await adminApi.order(orderId);
      if (wanted.current === orderId) setState({ status: 'ready', value: order });
    } catch (error) {
      if (wanted.current === orderId) setState({ status: 'error', error });
    }
  }, [orderId]);
  useEffect(() => {
    setState({ status: 'loading' });
    void load();
  }, [load]);
  const replace = useCallback((order: StaffOrder) => setState({ status: 'ready', value: order }), []);
  return { state, reload: load, replace };
}

/** The customers' named substitutes, so each line can show (and preselect) the product. */
function usePreferredProducts(order: StaffOrder | undefined) {
  const ids = [...new Set((order?.lines ?? []).map((line) => line.substitute).filter((id) => id !== 'none' && id !== 'similar'))];
  const products = useAsync(
    () => Promise.all(ids.map((id) => adminApi.product(id).catch(() => undefined))),
    [ids.join(',')],
  );
  return new Map<string, Product>(
    products.status === 'ready' ? products.value.flatMap((product) => (product ? [[product.id, product] as const] : [])) : [],
  );
}

/** One order, for picking: line by line, then out for delivery and delivered. */
export function OrderPickPage({ orderId }: { readonly orderId: string }) {
  usePageTitle(`Order ${shortId(orderId)}`);
  const { state, reload, replace } = useOrder(orderId);
  const order = state.status === 'ready' ? state.value : undefined;
  const preferred = usePreferredProducts(order);
  const [problems, setProblems] = useState<Readonly<Record<string, LineProblem>>>({});
  const [statusProblem, setStatusProblem] = useState<unknown>(undefined);
  const [moving, setMoving] = useState(false);

  const record = async (line: StaffOrderLine, body: PickBody): Promise<boolean> => {
    setProblems(({ [line.productId]: _, ...rest }) => rest);
    try {
      replace(await adminApi.pick(orderId, line.productId, body));
      return true;
    } catch (error) {
      setProblems((current) => ({ ...current, [line.productId]: problemOf(error, line, order?.currency ?? 'AUD') }));
      // Someone else's pick, or an order that moved on: show what is true now, never overwrite it.
      if (error instanceof ApiError && (error.code === 'LINE_ALREADY_PICKED' || error.code === 'PICK_NOT_RECORDABLE')) await reload();
      return false;
    }
  };

  const move = async (to: OrderStatus) => {
    setStatusProblem(undefined);
    setMoving(true);
    try {
      replace(await adminApi.changeStatus(orderId, to));
      setProblems({});
    } catch (error) {
      setStatusProblem(error);
      if (error instanceof ApiError && (error.code === 'INVALID_TRANSITION' || error.code === 'PICKING_INCOMPLETE')) await reload();
    } finally {
      setMoving(false);
    }
  };

  if (state.status === 'loading') return <SkeletonLines lines={6} label="Loading the order" />;
  if (state.status === 'error') {
    return (
      <>
        <BackLink />
        <ErrorMessage error={state.error} title="The order could not be loaded" retry={() => void reload()} />
      </>
    );
  }
  const current = state.value;
  const recorded = current.lines.filter((line) => line.picked).length;
  return (
    <>
      <BackLink />
      <div class="section-head">
        <h1>
          Order <span class="order-id">{shortId(current.id)}</span>
        </h1>
        <StatusChip status={current.status} />
      </div>
      <p class="lead">
        {current.deliveryAddress?.name ?? 'Customer'}
        {current.slot && (
          <>
            {' '}
            · {dayName(current.slot.start)}, {timeRange(current.slot.start, current.slot.end)}
          </>
        )}
        {current.deliveryAddress && <> · {current.deliveryAddress.postcode}</>}
      </p>
      <div class="pick-layout">
        <section aria-labelledby="lines-heading">
          <div class="section-head">
            <h2 id="lines-heading">Lines</h2>
            <p class="muted flush" role="status">
              {recorded} of {current.lines.length} recorded
            </p>
          </div>
          {current.status === 'PLACED' && <p class="alert alert-info">Start picking to record the lines.</p>}
          <ol class="pick-lines">
            {current.lines.map((line) => (
              <PickLineItem
                key={line.productId}
                line={line}
                currency={current.currency}
                pickable={current.status === 'PICKING'}
                preferred={preferred.get(line.substitute)}
                problem={problems[line.productId]}
                record={record}
              />
            ))}
          </ol>
        </section>
        <aside class="summary card pick-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Order</h2>
          <OrderTotals order={current} />
          {statusProblem !== undefined && <ErrorMessage error={statusProblem} title="The status did not change" />}
          <StatusActions order={current} busy={moving} onMove={(to) => void move(to)} />
          <p class="muted order-full-id">Order id {current.id}</p>
        </aside>
      </div>
    </>
  );
}

function BackLink() {
  return (
    <p class="back-link">
      <Link href={adminPaths.board()}>← Order board</Link>
    </p>
  );
}

function OrderTotals({ order }: { readonly order: StaffOrder }) {
  const pickedCents = order.lines.reduce((sum, line) => sum + (line.picked?.finalCents ?? 0), 0);
  const allRecorded = order.lines.every((line) => line.picked);
  return (
    <dl class="totals">
      <dt>Estimated total</dt>
      <dd>{money(order.totalCents, order.currency)}</dd>
      {order.authorisedCents > order.totalCents && (
        <>
          <dt>Authorised (at most)</dt>
          <dd>{money(order.authorisedCents, order.currency)}</dd>
        </>
      )}
      <dt>Delivery</dt>
      <dd>{money(order.deliveryFeeCents, order.currency)}</dd>
      {order.finalTotalCents === undefined && order.lines.some((line) => line.picked) && (
        <>
          <dt>{allRecorded ? 'Goods as picked' : 'Picked so far'}</dt>
          <dd>{money(pickedCents, order.currency)}</dd>
        </>
      )}
      {order.finalTotalCents !== undefined && (
        <>
          <dt class="total">Final total</dt>
          <dd class="total final-total">{money(order.finalTotalCents, order.currency)}</dd>
        </>
      )}
    </dl>
  );
}

/** What to tell the picker when recording a line did not work. */
function problemOf(error: unknown, line: StaffOrderLine, currency: string): LineProblem {
  if (!(error instanceof ApiError)) return { error, title: 'The line was not recorded' };
  switch (error.code) {
    case 'LINE_ALREADY_PICKED': {
      const pick = error.details?.pick as StaffPick | undefined;
      const who = pick?.pickedBy ? ` by ${pick.pickedBy}` : '';
      const what = pick ? `: ${pickText(line, pick, currency)}` : '';
      return {
        error,
        title: 'Someone else recorded this line first',
        conflict: `It was recorded${who}${what}. Your pick was not saved and nothing was overwritten; the order has been reloaded.`,
      };
    }
    case 'PICK_NOT_RECORDABLE':
      return { error, title: 'The line was not recorded', conflict: 'The order is no longer being picked; it has been reloaded.' };
    case 'SUBSTITUTE_UNAVAILABLE':
      return { error, title: 'That substitute cannot go in', conflict: substituteProblem(error) };
    default:
      return { error, title: 'The line was not recorded' };
  }
}

function substituteProblem(error: ApiError): string {
  const lines = error.details?.lines as readonly { readonly problem?: string }[] | undefined;
  const problem = lines?.[0]?.problem;
  return problem ? `The shop said: ${problem}. Choose another product or mark the line not available.` : error.message;
}
