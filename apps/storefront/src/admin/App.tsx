import type { VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { lazyPage } from '../shared/router/lazy';
import { matchPath, useLocation } from '../shared/router/router';
import { useSession } from '../shared/stores/session';
import { isAdmin, isStaff } from './access';
import { AdminHeader } from './components/AdminHeader';
import { BoardPage } from './pages/BoardPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPickPage } from './pages/OrderPickPage';
import { StaffOnlyPage } from './pages/StaffOnlyPage';

// The dashboard (and its chart library) loads when an admin first opens it.
const DashboardPage = lazyPage(() => import('./pages/DashboardPage').then((module) => module.DashboardPage));

type Params = Record<string, string>;

/** Every page of the back office; `admin` pages need the admin group, the rest staff. */
const routes: readonly { readonly pattern: string; readonly admin?: boolean; readonly render: (params: Params, query: URLSearchParams) => VNode }[] = [
  { pattern: '/admin', render: (_, query) => <BoardPage query={query} /> },
  { pattern: '/admin/orders/:id', render: ({ id }) => <OrderPickPage orderId={id!} /> },
  { pattern: '/admin/dashboard', admin: true, render: (_, query) => <DashboardPage query={query} /> },
];

function CurrentPage() {
  const location = useLocation();
  const session = useSession();
  for (const route of routes) {
    const params = matchPath(route.pattern, location.path);
    if (!params) continue;
    if (!isStaff(session) || (route.admin && !isAdmin(session))) return <StaffOnlyPage adminOnly={route.admin === true} />;
    return route.render(params, location.query);
  }
  return <NotFoundPage />;
}

/** The back office's frame: skip link, header, the current page. */
export function App() {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    if (location.moveFocus) main.current?.focus({ preventScroll: true });
  }, [location]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <AdminHeader />
      <main id="main" class="container admin-main" tabIndex={-1} ref={main}>
        <CurrentPage />
      </main>
    </>
  );
}
