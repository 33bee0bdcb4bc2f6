/**
 * The storefront's page paths. Pages under the API's prefixes (/orders, /auth…) would be answered by
 * the API on a reload or a shared link, in the monolith and behind CloudFront alike, so the
 * customer's orders live under /account and the sign-in callback under /signin.
 */
export const paths = {
  home: '/',
  aisle: (id: string) => `/aisle/${encodeURIComponent(id)}`,
  search: (query?: string) => (query ? `/search?q=${encodeURIComponent(query)}` : '/search'),
  product: (id: string) => `/product/${encodeURIComponent(id)}`,
  basket: '/basket',
  checkout: '/checkout',
  confirmation: (orderId: string) => `/checkout/confirmation/${encodeURIComponent(orderId)}`,
  orders: '/account/orders',
  order: (orderId: string) => `/account/orders/${encodeURIComponent(orderId)}`,
  signIn: (next?: string) => (next ? `/signin?next=${encodeURIComponent(next)}` : '/signin'),
  signInCallback: '/signin/callback',
} as const;
