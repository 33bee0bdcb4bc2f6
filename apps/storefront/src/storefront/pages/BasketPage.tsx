import { useEffect } from 'preact/hooks';
import { api } from '../../shared/api/client';
import { money, plural } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { basket, totalsOf, useBasket } from '../../shared/stores/basket';
import { usePageTitle } from '../../shared/ui/use-async';
import { BasketLineRow } from '../components/BasketLineRow';
import { BasketSummary } from '../components/BasketSummary';
import { paths } from '../paths';

/** The basket: kept in this browser across reloads; quantities, removal, and an estimated total. */
export function BasketPage() {
  usePageTitle('Your basket');
  const current = useBasket();
  const totals = totalsOf(current);
  useFreshPrices(current.lines.map((line) => line.productId).join(','));

  if (current.lines.length === 0) {
    return (
      <>
        <h1>Your basket</h1>
        <div class="empty-state card">
          <p>
            <strong>Your basket is empty.</strong>
          </p>
          <p>
            <Link href={paths.home}>Browse the aisles</Link> or search for something above.
          </p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1>Your basket</h1>
      <p class="muted">{plural(totals.count, 'item')} · {money(totals.subtotalCents, totals.currency)}</p>
      <div class="basket-layout">
        <section class="card" aria-label="Products in your basket">
          <ul class="basket-lines">
            {current.lines.map((line) => (
              <BasketLineRow key={line.productId} line={line} />
            ))}
          </ul>
        </section>
        <BasketSummary totals={totals}>
          <Link class="button button-block" href={paths.checkout}>
            Go to checkout
          </Link>
        </BasketSummary>
      </div>
    </>
  );
}

/** Prices and stock move; the basket shows the catalog's current ones (quietly: the old ones still show). */
function useFreshPrices(productIds: string) {
  useEffect(() => {
    if (!productIds) return;
    for (const productId of productIds.split(',')) {
      api.product(productId).then(basket.refresh, () => undefined);
    }
    // Once per visit and per set of products, not per quantity change.
  }, [productIds]);
}
