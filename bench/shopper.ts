import type autocannon from 'autocannon';
import type { CatalogReadKind } from './caching-proxy';
import { CATEGORIES } from '../libs/catalog/src/categories';
import { mulberry32 } from '../libs/recommendations/src/random';

/** Queries shoppers type; each matches demo products, some in several words. */
export const SEARCHES = [
  'milk',
  'greek yog',
  'chicken',
  'bread',
  'cola',
  'apple',
  'rice',
  'cheese',
  'chips',
  'toilet paper',
  'shampoo',
  'dog food',
  'ice cream',
];

/** What a shopper's session asks for, in the storefront's order. */
export interface ShopperPopulation {
  /** Every product id of the catalog, most popular first (views fall off as a power law). */
  readonly products: readonly string[];
  /** Products with stock raised for the run: what baskets hold (staples: milk, bread, bananas). */
  readonly staples: readonly string[];
  /** `Bearer ...` of the customers the sessions are spread over. */
  readonly customers: readonly string[];
  /** Share of sessions that end in an order. */
  readonly orderShare: number;
  /** Makes Idempotency-Keys unique to this run. */
  readonly runId: string;
}

/** Steps whose requests are public catalog reads (what an edge cache may answer), by kind of read. */
export const CATALOG_READ_STEPS: ReadonlyMap<string, CatalogReadKind> = new Map([
  ['aisle', 'listing'],
  ['search', 'listing'],
  ['product', 'product'],
  ['goes-with', 'goes-with'],
]);

/** A product views' skew: index = N·u³, so a fifth of views fall on the top 1% of products. */
const POPULARITY_EXPONENT = 3;
const PRODUCTS_OPENED = 3;

interface Session {
  /** Drawn per session: the same connection sees a new shopper each time round. */
  readonly random: () => number;
  readonly customer: string;
  readonly opened: string[];
}

/**
 * A shopper's visit as the storefront's requests: an aisle, a search, three products (each page
 * also asks for what goes with it), the basket's suggestions for the signed-in shopper, and for
 * `orderShare` of sessions an order of two staples. Each connection is one shopper after another;
 * sessions are drawn from a counter, so every run asks for the same things.
 */
export function shopperSessions(population: ShopperPopulation): {
  requests: autocannon.RequestSpec[];
  steps: string[];
} {
  let sessions = 0;
  let orders = 0;
  const session = (context: Record<string, unknown>): Session => {
    if (!context.session) {
      const random = mulberry32(++sessions);
      context.session = {
        random,
        customer: pick(population.customers, random()),
        opened: [],
      } satisfies Session;
    }
    return context.session as Session;
  };
  const popular = (random: () => number) => pick(population.products, random() ** POPULARITY_EXPONENT);
  const get = (
    step: string,
    path: (s: Session) => string,
    auth = false,
  ): { step: string; spec: autocannon.RequestSpec } => ({
    step,
    spec: {
      method: 'GET',
      setupRequest: (request: autocannon.RequestParams, context: Record<string, unknown>) => {
        const s = session(context);
        const headers: Record<string, string> = auth ? { authorization: s.customer } : {};
        return { ...request, path: path(s), headers };
      },
    },
  });
  const openProduct = (first: boolean) =>
    get('product', (s) => {
      const id = first ? pick(population.staples, s.random()) : popular(s.random);
      s.opened.push(id);
      return `/catalog/products/${id}`;
    });
  const goesWith = get('goes-with', (s) => `/catalog/products/${s.opened.at(-1) ?? ''}/recommendations?limit=8`);
  const sequence: { step: string; spec: autocannon.RequestSpec }[] = [
    get('aisle', (s) => `/catalog/products?category=${pick(CATEGORIES, s.random()).id}&limit=20`),
    get('search', (s) => `/catalog/products?q=${encodeURIComponent(pick(SEARCHES, s.random()))}&limit=20`),
    ...Array.from({ length: PRODUCTS_OPENED }, (_, index) => [openProduct(index === 0), goesWith]).flat(),
    get('basket', (s) => `/recommendations/for-me?limit=8&exclude=${s.opened[0] ?? ''}`, true),
    {
      step: 'order',
      spec: {
        method: 'POST',
        setupRequest: (request: autocannon.RequestParams, context: Record<string, unknown>) => {
          const s = session(context);
          if (s.random() >= population.orderShare) return undefined;
          const staples = [s.opened[0] ?? '', pick(population.staples, s.random())];
          const lines = [...new Set(staples)].map((productId) => ({ productId, quantity: 1 }));
          return {
            ...request,
            path: '/orders',
            headers: {
              'content-type': 'application/json',
              authorization: s.customer,
              'idempotency-key': `shopper-${population.runId}-${++orders}`,
            },
            body: JSON.stringify({ lines }),
          };
        },
      },
    },
  ];
  return { requests: sequence.map((step) => step.spec), steps: sequence.map((step) => step.step) };
}

function pick<T>(values: readonly T[], random: number): T {
  const value = values[Math.floor(random * values.length)];
  if (value === undefined) throw new Error('nothing to pick from');
  return value;
}
