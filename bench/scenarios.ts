import { join } from 'node:path';
import type autocannon from 'autocannon';
import { loadLocalIssuer } from '../libs/auth/src/local-issuer';
import { CATEGORIES } from '../libs/catalog/src/categories';
import { demoCatalog } from '../libs/catalog/src/demo-catalog';
import { productIdForSku } from '../libs/catalog/src/product';
import { mulberry32 } from '../libs/recommendations/src/random';
import { SEARCHES, shopperSessions } from './shopper';
import { catalogLabel, type AppServer, type CacheTier, type MonolithSpec, type RequestLogging, type ServerSpec } from './servers';

/** What a scenario sends, once its server is up. */
export interface LoadShape {
  readonly path?: string;
  /** Concurrent connections when not CONNECTIONS (a screen a few staff use, not shoppers). */
  readonly connections?: number;
  readonly requests?: autocannon.RequestSpec[];
  /** The step each request is, when the requests are a session (reported per step). */
  readonly steps?: readonly string[];
}

/** A target from the issue: throughput as a ratio to the baseline, and a latency bound. */
export interface ThroughputTarget {
  readonly minRatio: number;
  readonly maxP99Ms: number;
}

/**
 * Throughput stated as a share of another row's (orders per second over the store's conditional
 * updates per second): what the machine's speed cancels out of. `min`, when set, is a target.
 */
export interface ShareOf {
  readonly id: string;
  readonly unit: string;
  readonly min?: number;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly server: ServerSpec;
  /** Part of the quick run (CI smoke check). */
  readonly quick: boolean;
  /** Read hit/miss counters from `GET /health/cache` before and after. */
  readonly cacheStats: boolean;
  readonly target?: ThroughputTarget;
  /** A bound on the median latency (the order path with the store a few milliseconds away). */
  readonly maxP50Ms?: number;
  readonly shareOf?: ShareOf;
  /** The same scenario on the small catalog: throughput must stay within 10% of it. */
  readonly scalesFrom?: string;
  /** Builds the requests once the server is up (tokens, stock). */
  load(server: AppServer, runId: string): Promise<LoadShape>;
}

export const SMALL_CATALOG = 2000;
export const LARGE_CATALOG = 50_000;
/** Connections for every scenario: the issue's targets are stated at 50. */
export const CONNECTIONS = 50;
/** How far the large catalog's throughput may fall below the small one's. */
export const SCALING_TOLERANCE = 0.1;

const HOT_SET = 200;
/**
 * The dashboard read at sizes of order history (the issue: 10k and 100k); its work must not grow
 * with them. Each size is judged against the one before: at 10k about 1,650 of the 2,000 products
 * sold in the default 28 days, at 100k and 300k all of them, so 100k → 300k is orders alone.
 */
const DASHBOARD_HISTORIES = [10_000, 100_000, 300_000] as const;
/** One admin at a time: a request is hundreds of item reads on the embedded store, and the figure wanted is its cost, not a queue. */
const DASHBOARD_CONNECTIONS = 1;
/** About one DynamoDB call in the region over TLS: the latency-store rows answer no call sooner. */
const STORE_LATENCY_MS = 5;
/** The issue's bound for a two-line order's median with every store call 5 ms away, one connection. */
const ORDER_P50_AT_STORE_LATENCY_MS = 30;
/**
 * The issue's target for orders on the embedded store, 2× what the order path did before it was
 * made shallow, stated per conditional update so that the machine's speed cancels: commit
 * b9b1da1 made 0.012 and 0.013 orders per conditional update in two runs of this harness
 * (2026-12-03, BENCHMARKS.md "Orders").
 */
const ORDERS_PER_CONDITIONAL_UPDATE = 2 * 0.0125;
/** Orders spread over this many products: each order adds a reservation to its products' items. */
const ORDER_PRODUCTS = 1000;
const ORDER_STOCK = 1_000_000;
const CUSTOMERS = 50;
/** The shopper's workload: sessions spread over this many signed-in customers, */
const SHOPPERS = 2000;
/** ... baskets drawn from this many staples (their stock raised for the run), */
const STAPLES = 500;
/** ... and this share of sessions ending in an order (an online grocer's conversion is a few percent). */
const SHOPPER_ORDER_SHARE = 0.04;
/** deploy/'s heap bound for the dev profile's 512 MiB task: heapLimitMiB(512) in deploy/lib/constructs/app-task.ts. */
const SMALL_TASK_HEAP_MB = 336;

const monolith = (catalog: number, cache: CacheTier, requestLog: RequestLogging = 'notable'): MonolithSpec => ({
  kind: 'monolith',
  catalog,
  cache,
  requestLog,
});

/**
 * Every scenario, in the order of the report. The run order groups scenarios by server
 * (see main.ts); orders come last on their server because they change stock.
 */
export function allScenarios(): Scenario[] {
  const small = SMALL_CATALOG;
  const large = LARGE_CATALOG;
  const label = catalogLabel;
  const readTarget = { minRatio: 0.7, maxP99Ms: 5 };
  return [
    {
      id: 'live',
      title: 'GET /health/live',
      server: monolith(small, 'memory'),
      quick: true,
      cacheStats: false,
      load: async () => ({ path: '/health/live' }),
    },
    ...[small, large].map((size): Scenario => ({
      id: `product-memory-${label(size)}`,
      title: `GET /catalog/products/:id, memory tier, ${label(size)} products`,
      server: monolith(size, 'memory'),
      quick: size === small,
      cacheStats: true,
      target: readTarget,
      scalesFrom: size === large ? `product-memory-${label(small)}` : undefined,
      load: async () => cycle(hotProducts(size, HOT_SET).map(productPath)),
    })),
    {
      id: `product-redis-${label(small)}`,
      title: `GET /catalog/products/:id, Redis tier only, ${label(small)} products`,
      server: monolith(small, 'redis'),
      quick: true,
      cacheStats: true,
      target: { minRatio: 0.4, maxP99Ms: 5 },
      load: async () => cycle(hotProducts(small, HOT_SET).map(productPath)),
    },
    ...[small, large].map((size): Scenario => ({
      id: `product-uncached-${label(size)}`,
      title: `GET /catalog/products/:id, uncached (dynalite), ${label(size)} products`,
      server: monolith(size, 'none'),
      quick: size === small,
      cacheStats: true,
      scalesFrom: size === large ? `product-uncached-${label(small)}` : undefined,
      load: async () => cycle(hotProducts(size, HOT_SET).map(productPath)),
    })),
    ...listScenarios('list', 'category page', () =>
      CATEGORIES.map((category) => `/catalog/products?category=${category.id}&limit=20`),
    ),
    ...listScenarios('search', 'search page', () =>
      SEARCHES.map((q) => `/catalog/products?q=${encodeURIComponent(q)}&limit=20`),
    ),
    // The CI smoke run has the session on the small catalog; the full run on the large one, also behind the edge cache.
    // And once with the heap bound deploy/ gives the smallest task (512 MiB), to show what it holds.
    ...([[small], [large], [large, 'nginx'], [large, undefined, SMALL_TASK_HEAP_MB]] as const).map(
      ([size, proxy, heapMb]: readonly [number, 'nginx'?, number?]): Scenario => ({
        id: `shopper-${label(size)}${proxy ? `-${proxy}` : ''}${heapMb ? `-heap-${heapMb}` : ''}`,
        title: `A shopper's session (aisle, search, 3 products and what goes with each, basket suggestions; ${SHOPPER_ORDER_SHARE * 100}% place an order), ${label(size)} products, memory tier${proxy ? ', through nginx proxy_cache as the edge cache' : ''}${heapMb ? `, --max-old-space-size=${heapMb}` : ''}`,
        server: { ...monolith(size, 'memory'), proxy, heapMb },
        quick: size === small,
        cacheStats: true,
        load: (server, runId) => shopperLoad(server, runId),
      }),
    ),
    {
      id: 'live-all-requests',
      title: 'GET /health/live, LOG_REQUESTS=all',
      server: monolith(small, 'memory', 'all'),
      quick: false,
      cacheStats: false,
      load: async () => ({ path: '/health/live' }),
    },
    {
      id: `product-memory-${label(small)}-all-requests`,
      title: `GET /catalog/products/:id, memory tier, ${label(small)} products, LOG_REQUESTS=all`,
      server: monolith(small, 'memory', 'all'),
      quick: false,
      cacheStats: true,
      target: readTarget,
      load: async () => cycle(hotProducts(small, HOT_SET).map(productPath)),
    },
    ...DASHBOARD_HISTORIES.map((orders, index): Scenario => ({
      id: `dashboard-${label(orders)}-orders`,
      title: `GET /analytics/dashboard (28 days and the 28 before), ${label(orders)} orders of history, ${label(small)} products`,
      server: { kind: 'monolith', catalog: small, cache: 'memory', requestLog: 'notable', history: orders },
      quick: index === 0,
      cacheStats: false,
      scalesFrom: index > 0 ? `dashboard-${label(DASHBOARD_HISTORIES[index - 1]!)}-orders` : undefined,
      load: (server) => dashboard(server),
    })),
    {
      id: 'store-conditional-updates',
      title: 'The embedded store alone: one conditional UpdateItem per request, the app\'s client (orders are also stated per these)',
      server: { kind: 'store' },
      quick: true,
      cacheStats: false,
      load: async () => ({ requests: [{ method: 'POST', path: '/' }] }),
    },
    {
      id: `orders-${label(small)}`,
      title: 'POST /orders (2 lines, distinct Idempotency-Keys), monolith',
      server: monolith(small, 'memory'),
      quick: true,
      cacheStats: false,
      shareOf: { id: 'store-conditional-updates', unit: 'orders per conditional update', min: ORDERS_PER_CONDITIONAL_UPDATE },
      load: (server, runId) => placeOrders(server, runId),
    },
    ...[1, CONNECTIONS].map(
      (connections): Scenario => ({
        id: `orders-${label(small)}-store-${STORE_LATENCY_MS}ms-${connections}`,
        title: `POST /orders, monolith, every store call ${STORE_LATENCY_MS} ms away (store in its own process), ${connections} connection${connections === 1 ? '' : 's'}`,
        server: { ...monolith(small, 'memory'), storeLatencyMs: STORE_LATENCY_MS },
        quick: false,
        cacheStats: false,
        maxP50Ms: connections === 1 ? ORDER_P50_AT_STORE_LATENCY_MS : undefined,
        load: async (server, runId) => ({ ...(await placeOrders(server, runId)), connections }),
      }),
    ),
    {
      id: `split-orders-${label(small)}`,
      title: 'POST /orders, split: orders → catalog over TCP (4 processes: RSS and CPU summed)',
      server: { kind: 'split', catalog: small, requestLog: 'notable' },
      quick: true,
      cacheStats: false,
      load: (server, runId) => placeOrders(server, runId),
    },
  ];
}

/** A listing both cached (the shipped configuration) and uncached (the query itself), on both catalogs. */
function listScenarios(id: string, what: string, paths: () => string[]): Scenario[] {
  return (['memory', 'none'] as const).flatMap((cache) =>
    [SMALL_CATALOG, LARGE_CATALOG].map((size): Scenario => {
      const variant = cache === 'memory' ? '' : '-uncached';
      return {
        id: `${id}${variant}-${catalogLabel(size)}`,
        title: `GET ${what} (limit 20), ${cache === 'memory' ? 'memory tier' : 'uncached'}, ${catalogLabel(size)} products`,
        server: monolith(size, cache),
        quick: size === SMALL_CATALOG && cache === 'memory',
        cacheStats: true,
        scalesFrom: size === LARGE_CATALOG ? `${id}${variant}-${catalogLabel(SMALL_CATALOG)}` : undefined,
        load: async () => cycle(paths()),
      };
    }),
  );
}

const productPath = (id: string) => `/catalog/products/${id}`;

const catalogs = new Map<number, string[]>();

/** Product ids spread evenly over the whole demo catalog of this size (the same products every run). */
function hotProducts(size: number, count: number): string[] {
  let ids = catalogs.get(size);
  if (!ids) {
    ids = demoCatalog(size).map((product) => productIdForSku(product.sku));
    catalogs.set(size, ids);
  }
  const step = Math.max(1, Math.floor(ids.length / count));
  return ids.filter((_, index) => index % step === 0).slice(0, count);
}

/**
 * Each connection cycles through the paths. Fixed requests, built once: a per-request
 * `setupRequest` would cost the load generator more than the baseline's requests do, and on
 * two cores that alone lowers the ratio.
 */
function cycle(paths: readonly string[]): LoadShape {
  return { requests: paths.map((path) => ({ method: 'GET', path })) };
}

/**
 * Two-line baskets from 50 customers, each with a new Idempotency-Key, over 1,000 products
 * whose stock is first raised (admin API) so that no order is short of stock.
 */
async function placeOrders(server: AppServer, runId: string): Promise<LoadShape> {
  if (server.spec.kind === 'store') throw new Error('orders need a shop, not the store alone');
  const products = hotProducts(server.spec.catalog, ORDER_PRODUCTS);
  const customers = await stockedShop(server, products, CUSTOMERS, 'bench-customer');
  let sequence = 0;
  const setupRequest = (request: autocannon.RequestParams): autocannon.RequestParams => {
    const n = sequence++;
    const line = (offset: number) => ({ productId: products[(2 * n + offset) % products.length], quantity: 1 });
    return {
      ...request,
      headers: {
        'content-type': 'application/json',
        authorization: customers[n % customers.length] ?? '',
        'idempotency-key': `bench-${runId}-${n}`,
      },
      body: JSON.stringify({ lines: [line(0), line(1)] }),
    };
  };
  return { requests: [{ method: 'POST', path: '/orders', setupRequest }] };
}

/**
 * Shopper sessions over the whole catalog, product views skewed towards a popular few (the
 * popularity order is a fixed shuffle of the catalog, so popular products are in every aisle).
 */
async function shopperLoad(server: AppServer, runId: string): Promise<LoadShape> {
  if (server.spec.kind === 'store') throw new Error('shoppers need a shop, not the store alone');
  const size = server.spec.catalog;
  const products = shuffled(hotProducts(size, size), mulberry32(size));
  const staples = products.slice(0, STAPLES);
  const customers = await stockedShop(server, staples, SHOPPERS, 'bench-shopper');
  return shopperSessions({ products, staples, customers, orderShare: SHOPPER_ORDER_SHARE, runId });
}

/**
 * Raises the stock of what will be ordered (admin API) so that no order is short of it, and
 * returns `count` customers' `Bearer` tokens from the server's own issuer (`<prefix>-<n>`).
 */
async function stockedShop(server: AppServer, products: readonly string[], count: number, prefix: string): Promise<string[]> {
  const issuer = await loadLocalIssuer(join(server.dataDir, 'keys'));
  await setStock(server.catalogUrl, issuer.sign({ sub: 'bench-admin', groups: ['admin'] }), products, ORDER_STOCK);
  return Array.from({ length: count }, (_, index) => `Bearer ${issuer.sign({ sub: `${prefix}-${index}` })}`);
}

function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** The admin dashboard's default view, as an admin's browser asks for it. */
async function dashboard(server: AppServer): Promise<LoadShape> {
  const issuer = await loadLocalIssuer(join(server.dataDir, 'keys'));
  const authorization = `Bearer ${issuer.sign({ sub: 'bench-admin', groups: ['admin'] })}`;
  return { connections: DASHBOARD_CONNECTIONS, requests: [{ method: 'GET', path: '/analytics/dashboard', headers: { authorization } }] };
}

async function setStock(
  catalogUrl: string,
  adminToken: string,
  products: readonly string[],
  stock: number,
): Promise<void> {
  const queue = [...products];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const response = await fetch(`${catalogUrl}/catalog/products/${id}/stock`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ stock }),
      });
      if (!response.ok)
        throw new Error(`setting the stock of ${id} answered ${response.status}: ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
