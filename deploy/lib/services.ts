import type { ServiceName } from './app-tables';

export type { ServiceName };

/**
 * One public path pattern of a service, in the syntax CloudFront and the ALB share: `/x/*`
 * (everything below `/x/`) or `/x*` (`/x` itself and everything that starts with it). Both
 * layers use the pattern as written; API Gateway, which has no prefix wildcard, gets the routes
 * of {@link gatewayRouteKeys}.
 */
export interface PublicRoute {
  readonly pattern: string;
  /**
   * Whether API Gateway rejects requests without a valid Cognito token before they reach the
   * service. The service verifies tokens itself either way; public reads need `false`.
   */
  readonly requireToken: boolean;
  /** Exact paths a `/x*` pattern covers that are not `/x` or below `/x/` (e.g. `/docs-json`). */
  readonly alsoExact?: readonly string[];
}

/**
 * What each split service is and needs: the one place that says which paths it serves,
 * whom it calls and which events, mail, cache and buckets it touches. Stacks derive routing,
 * security groups and IAM from this list.
 */
export interface ServiceDefinition {
  /** The app name: `apps/<name>`, the image's `APP` build argument and the Cloud Map service name. */
  readonly name: ServiceName;
  /** Public routes, through CloudFront, API Gateway and the ALB; none for a worker-only service. */
  readonly routes: readonly PublicRoute[];
  /** Services this one calls over the TCP microservice port (discovered through Cloud Map). */
  readonly calls: readonly ServiceName[];
  readonly publishesEvents: boolean;
  readonly consumesEvents: boolean;
  readonly sendsMail: boolean;
  readonly writesExports: boolean;
  /** Reads through the Redis tier of the cache: gets the network path and the AUTH token. */
  readonly usesCache: boolean;
  /** Moves decided orders into the archive bucket under `orders/` (write, read back, list). */
  readonly archivesOrders: boolean;
}

export const serviceDefinitions: readonly ServiceDefinition[] = [
  {
    name: 'catalog',
    // Product recommendations are catalog reads; the OpenAPI UI is the catalog's (each split
    // service documents itself; the public one is the catalog's). /auth/config is public.
    routes: [
      { pattern: '/catalog/*', requireToken: false },
      { pattern: '/recommendations/*', requireToken: true },
      { pattern: '/auth/*', requireToken: false },
      { pattern: '/docs*', requireToken: false, alsoExact: ['/docs-json'] },
    ],
    calls: [],
    publishesEvents: false,
    // The recommender's counters follow the orders placed (libs/recommendations).
    consumesEvents: true,
    sendsMail: false,
    writesExports: false,
    usesCache: true,
    archivesOrders: false,
  },
  {
    name: 'orders',
    // Slots are listed before sign-in (the service checks tokens on holds); the back office's
    // order board API sits under /admin/api.
    routes: [
      { pattern: '/orders*', requireToken: true },
      { pattern: '/fulfilment/*', requireToken: false },
      { pattern: '/admin/api/*', requireToken: true },
    ],
    calls: ['catalog'],
    publishesEvents: true,
    consumesEvents: false,
    sendsMail: false,
    writesExports: false,
    usesCache: false,
    archivesOrders: true,
  },
  {
    name: 'notifications',
    // A worker: it reads its queue and mails; it has no public route.
    routes: [],
    calls: [],
    publishesEvents: false,
    consumesEvents: true,
    sendsMail: true,
    writesExports: false,
    usesCache: false,
    archivesOrders: false,
  },
  {
    name: 'analytics-export',
    routes: [{ pattern: '/analytics/*', requireToken: true }],
    // The dashboard: stock (days of cover) from the catalog, slot capacity from orders.
    calls: ['catalog', 'orders'],
    publishesEvents: false,
    consumesEvents: true,
    sendsMail: false,
    writesExports: true,
    usesCache: false,
    archivesOrders: false,
  },
];

/** The ports every service image listens on (the app contract). */
export const servicePorts = { http: 3000, tcp: 4000 } as const;

/** Services that consume the order events, each from its own queue. */
export const eventConsumers: readonly ServiceName[] = serviceDefinitions
  .filter((service) => service.consumesEvents)
  .map((service) => service.name);

/** Every public path pattern, in definition order (the order CloudFront lists its API behaviours). */
export const publicPathPatterns: readonly string[] = serviceDefinitions.flatMap((service) =>
  service.routes.map((route) => route.pattern),
);

/**
 * The API Gateway route paths that cover a pattern: `/x/*` is `/x/{proxy+}`; `/x*` is `/x`,
 * `/x/{proxy+}` and the route's extra exact paths.
 */
export function gatewayRouteKeys(route: PublicRoute): string[] {
  const { pattern } = route;
  if (pattern.endsWith('/*')) return [`${pattern.slice(0, -2)}/{proxy+}`];
  if (pattern.endsWith('*')) {
    const base = pattern.slice(0, -1);
    return [base, `${base}/{proxy+}`, ...(route.alsoExact ?? [])];
  }
  throw new Error(`Route pattern ${pattern} must end in "/*" or "*"`);
}
