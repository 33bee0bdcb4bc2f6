import { Link } from '../../shared/router/Link';
import { navigate, useLocation } from '../../shared/router/router';
import { session, useSession } from '../../shared/stores/session';
import { LogoMark } from '../../shared/ui/Logo';
import { isAdmin, isStaff } from '../access';
import { adminPaths } from '../paths';

/** The back office's bar: its name, the pages the signed-in person may open, who they are. */
export function AdminHeader() {
  const signedIn = useSession();
  const here = useLocation();
  const current = (path: string) => (here.path.replace(/\/+$/, '') === path ? 'page' : undefined);
  const onBoard = here.path === '/admin' || here.path === '/admin/' || here.path.startsWith('/admin/orders/');
  const signOut = () => {
    session.clear();
    navigate(adminPaths.board());
  };
  return (
    <header class="site-header">
      <div class="container admin-header">
        <Link class="logo" href={adminPaths.board()}>
          <LogoMark />
          Go Mart <span class="logo-tag">Back office</span>
        </Link>
        {isStaff(signedIn) && (
          <nav class="admin-nav" aria-label="Back office">
            <Link class="header-link" href={adminPaths.board()} aria-current={onBoard ? 'page' : undefined}>
              Order board
            </Link>
            {isAdmin(signedIn) && (
              <Link class="header-link" href={adminPaths.dashboard()} aria-current={current('/admin/dashboard')}>
                Dashboard
              </Link>
            )}
          </nav>
        )}
        <div class="header-actions">
          {signedIn ? (
            <>
              <span class="admin-user wide-only">{signedIn.name}</span>
              <button type="button" class="header-link" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <a class="header-link" href={adminPaths.signIn(`${here.path}${here.query.size ? `?${here.query.toString()}` : ''}`)}>
              Sign in
            </a>
          )}
        </div>
      </div>
    </header>
  );
}
