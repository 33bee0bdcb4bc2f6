import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../shared/api/client';
import type { Product, ProductQuery } from '../../shared/api/types';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonGrid } from '../../shared/ui/Skeleton';
import { ProductGrid } from './ProductGrid';

export const PAGE_SIZE = 24;

interface ListingState {
  readonly products: readonly Product[];
  readonly nextCursor: string | null;
  readonly status: 'loading' | 'ready' | 'more' | 'error';
  readonly error?: unknown;
}

interface ProductListingProps {
  readonly query: Omit<ProductQuery, 'cursor' | 'limit'>;
  /** What the grid is, for screen readers ("Products in Dairy & Eggs"). */
  readonly label: string;
  /** Shown when the first page is empty. */
  readonly empty: ComponentChildren;
  /** Shown above the grid once results are in (e.g. "12 products"). */
  readonly summary?: (shown: number, more: boolean) => ComponentChildren;
}

/** A listing read page by page: the first page at once, then "Show more" for the next. */
export function ProductListing({ query, label, empty, summary }: ProductListingProps) {
  const key = JSON.stringify(query);
  const [state, setState] = useState<ListingState>({ products: [], nextCursor: null, status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ products: [], nextCursor: null, status: 'loading' });
    api.products({ ...query, limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setState({ products: page.items, nextCursor: page.nextCursor, status: 'ready' });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ products: [], nextCursor: null, status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const loadMore = () => {
    if (!state.nextCursor) return;
    const cursor = state.nextCursor;
    setState((current) => ({ ...current, status: 'more', error: undefined }));
    api.products({ ...query, limit: PAGE_SIZE, cursor }).then(
      (page) =>
        setState((current) => ({
          products: [...current.products, ...page.items.filter((item) => !current.products.some((seen) => seen.id === item.id))],
          nextCursor: page.nextCursor,
          status: 'ready',
        })),
      (error: unknown) => setState((current) => ({ ...current, status: 'ready', error })),
    );
  };

  if (state.status === 'loading') return <SkeletonGrid label={`Loading ${label.toLowerCase()}`} />;
  if (state.status === 'error') return <ErrorMessage error={state.error} retry={() => setAttempt((count) => count + 1)} />;
  if (state.products.length === 0) return <div class="empty-state card">{empty}</div>;
  return (
    <>
      {summary && <p class="muted" aria-live="polite">{summary(state.products.length, state.nextCursor !== null)}</p>}
      <ProductGrid products={state.products} label={label} eagerImages={4} />
      {state.error !== undefined && <ErrorMessage error={state.error} retry={loadMore} title="More products could not be loaded" />}
      {state.nextCursor && (
        <div class="load-more">
          <button type="button" class="button button-secondary" onClick={loadMore} disabled={state.status === 'more'}>
            {state.status === 'more' ? 'Loading…' : 'Show more products'}
          </button>
        </div>
      )}
    </>
  );
}
