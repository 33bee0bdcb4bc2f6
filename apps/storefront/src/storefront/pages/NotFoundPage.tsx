import { Link } from '../../shared/router/Link';
import { usePageTitle } from '../../shared/ui/use-async';
import { paths } from '../paths';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div class="empty-state card">
      <h1>We could not find that page</h1>
      <p>
        The link may be old. <Link href={paths.home}>Go to the aisles</Link> or search above.
      </p>
    </div>
  );
}
