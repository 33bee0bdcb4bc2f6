import { Link } from '../../shared/router/Link';
import { usePageTitle } from '../../shared/ui/use-async';
import { adminPaths } from '../paths';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div class="card narrow">
      <h1>Page not found</h1>
      <p>There is no back office page at this address.</p>
      <Link class="button" href={adminPaths.board()}>
        Go to the order board
      </Link>
    </div>
  );
}
