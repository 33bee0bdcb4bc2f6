/** The back office's page paths, all under /admin (served by admin.html; /admin/api is the API's). */
export const adminPaths = {
  board: (query?: URLSearchParams) => (query?.size ? `/admin?${query.toString()}` : '/admin'),
  order: (orderId: string) => `/admin/orders/${encodeURIComponent(orderId)}`,
  dashboard: (query?: URLSearchParams) => (query?.size ? `/admin/dashboard?${query.toString()}` : '/admin/dashboard'),
  /** The shop's sign-in page, coming back here afterwards. */
  signIn: (next: string) => `/signin?next=${encodeURIComponent(next)}`,
  shop: '/',
} as const;
