import { Link } from '../../shared/router/Link';
import { useLocation } from '../../shared/router/router';
import { useSession } from '../../shared/stores/session';
import { signOut } from '../auth/sign-out';
import { paths } from '../paths';

/** Sign in, or the customer's orders and sign out (on narrow screens sign out sits on the orders page). */
export function AccountLinks() {
  const signedIn = useSession();
  const here = useLocation();
  if (!signedIn) {
    const next = here.path.startsWith('/signin') ? undefined : `${here.path}${here.query.size ? `?${here.query.toString()}` : ''}`;
    return (
      <Link class="header-link" href={paths.signIn(next)}>
        Sign in
      </Link>
    );
  }
  return (
    <>
      <Link class="header-link" href={paths.orders}>
        <span class="wide-only">{signedIn.name} · My orders</span>
        <span class="narrow-only">Orders</span>
      </Link>
      <button type="button" class="header-link header-sign-out" onClick={() => void signOut()}>
        Sign out
      </button>
    </>
  );
}
