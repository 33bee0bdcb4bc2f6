import { Link } from '../../shared/router/Link';
import { paths } from '../paths';

export function Footer() {
  return (
    <footer class="site-footer">
      <div class="container">
        <p>
          Go Mart · Prices in Australian dollars, GST included · Weighed items are charged by their actual weight.
        </p>
        <p>
          <Link href={paths.home}>Aisles</Link> · <Link href={paths.basket}>Basket</Link> ·{' '}
          <Link href={paths.orders}>My orders</Link>
        </p>
      </div>
    </footer>
  );
}
