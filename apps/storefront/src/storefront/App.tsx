import type { VNode } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { lazyPage } from '../shared/router/lazy';
import { matchPath, useLocation } from '../shared/router/router';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { AislePage } from './pages/AislePage';
import { BasketPage } from './pages/BasketPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProductPage } from './pages/ProductPage';
import { SearchPage } from './pages/SearchPage';
import { paths } from './paths';

// Browsing pages come with the first load; the rest load when first visited.
const CheckoutPage = lazyPage(() => import('./pages/CheckoutPage').then((module) => module.CheckoutPage));
const ConfirmationPage = lazyPage(() => import('./pages/ConfirmationPage').then((module) => module.ConfirmationPage));
const OrdersPage = lazyPage(() => import('./pages/OrdersPage').then((module) => module.OrdersPage));
const OrderPage = lazyPage(() => import('./pages/OrderPage').then((module) => module.OrderPage));
const SignInPage = lazyPage(() => import('./pages/SignInPage').then((module) => module.SignInPage));
const SignInCallbackPage = lazyPage(() => import('./pages/SignInCallbackPage').then((module) => module.SignInCallbackPage));

type Params = Record<string, string>;

/** Every page of the storefront: its path pattern and what it shows. */
const routes: readonly { readonly pattern: string; readonly render: (params: Params, query: URLSearchParams) => VNode }[] = [
  { pattern: paths.home, render: () => <HomePage /> },
  { pattern: '/aisle/:id', render: ({ id }) => <AislePage aisleId={id!} /> },
  { pattern: paths.search(), render: (_, query) => <SearchPage query={query.get('q') ?? ''} /> },
  { pattern: '/product/:id', render: ({ id }) => <ProductPage productId={id!} /> },
  { pattern: paths.basket, render: () => <BasketPage /> },
  { pattern: paths.checkout, render: () => <CheckoutPage /> },
  { pattern: '/checkout/confirmation/:id', render: ({ id }) => <ConfirmationPage orderId={id!} /> },
  { pattern: paths.orders, render: () => <OrdersPage /> },
  { pattern: '/account/orders/:id', render: ({ id }) => <OrderPage orderId={id!} /> },
  { pattern: paths.signIn(), render: (_, query) => <SignInPage next={query.get('next') ?? undefined} /> },
  { pattern: paths.signInCallback, render: (_, query) => <SignInCallbackPage query={query} /> },
  // Kept for a Cognito app client configured with the contract's first redirect path.
  { pattern: '/auth/callback', render: (_, query) => <SignInCallbackPage query={query} /> },
];

function CurrentPage() {
  const location = useLocation();
  for (const route of routes) {
    const params = matchPath(route.pattern, location.path);
    if (params) return route.render(params, location.query);
  }
  return <NotFoundPage />;
}

/** The page frame: skip link, header, the current page, footer. */
export function App() {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    // After a navigation, start reading and tabbing from the new page, as after a full load.
    if (location.moveFocus) main.current?.focus({ preventScroll: true });
  }, [location]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" class="container" tabIndex={-1} ref={main}>
        <CurrentPage />
      </main>
      <Footer />
    </>
  );
}
