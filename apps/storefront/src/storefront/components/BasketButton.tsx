import { money } from '../../shared/format';
import { Link } from '../../shared/router/Link';
import { totalsOf, useBasket } from '../../shared/stores/basket';
import { paths } from '../paths';

/** The basket in the header: how many items, and what they come to. */
export function BasketButton() {
  const totals = totalsOf(useBasket());
  return (
    <Link class="basket-button" href={paths.basket}>
      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M3 6h18l-2 11H5z M8 6a4 4 0 0 1 8 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
      </svg>
      <span class="visually-hidden">Basket:</span>
      <span class="basket-count">
        {totals.count}
        <span class="visually-hidden">{totals.count === 1 ? ' item,' : ' items,'}</span>
      </span>
      <span>{money(totals.subtotalCents, totals.currency)}</span>
    </Link>
  );
}
