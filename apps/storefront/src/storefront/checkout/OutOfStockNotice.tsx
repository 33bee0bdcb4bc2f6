import type { ShortLine } from '../../shared/api/types';
import { Link } from '../../shared/router/Link';
import { productLabel } from '../../shared/format';
import { basket, type BasketLine } from '../../shared/stores/basket';
import { paths } from '../paths';

interface OutOfStockNoticeProps {
  readonly short: readonly ShortLine[];
  readonly lines: readonly BasketLine[];
  readonly onResolved: () => void;
}

/** Which lines are short and by how much; the basket is kept, and can be trimmed to what is there. */
export function OutOfStockNotice({ short, lines, onResolved }: OutOfStockNoticeProps) {
  const nameOf = (productId: string) => {
    const line = lines.find((candidate) => candidate.productId === productId);
    return line ? productLabel(line.product) : productId;
  };
  return (
    <div class="alert alert-error" role="alert" tabIndex={-1} id="out-of-stock">
      <p>
        <strong>Some products sold out while you were shopping.</strong> Your order was not placed, and your basket is
        unchanged.
      </p>
      <ul>
        {short.map((line) => (
          <li key={line.productId}>
            {nameOf(line.productId)}: you asked for {line.requested},{' '}
            {line.available === 0 ? 'none are left' : `only ${line.available} ${line.available === 1 ? 'is' : 'are'} left`}.
          </li>
        ))}
      </ul>
      <div class="actions">
        <button
          type="button"
          class="button button-small"
          onClick={() => {
            basket.takeAvailable(short);
            onResolved();
          }}
        >
          Update my basket to what is available
        </button>
        <Link href={paths.basket}>Review the basket</Link>
      </div>
    </div>
  );
}
