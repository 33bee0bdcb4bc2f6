import { aisleWeights, forMe, type BlendOptions } from './blend';
import { buyItAgain, recordPurchase, type BuyItAgainOptions, type RepeatCounter } from './buy-it-again';
import {
  applyBasket,
  coPurchaseCounts,
  emptyCoPurchaseState,
  memoizedCompanions,
  oftenBoughtWith,
  type CompanionLookup,
  type SimilarityOptions,
} from './co-purchase';
import { Segment, type Method, type SegmentReport } from './metrics';
import { distinctProducts, type HistoryOrder, type Source } from './model';
import { InMemoryPopularity, popularInAisles, topK } from './popularity';
import { deriveSeed, Random } from './random';

/**
 * Offline evaluation, leave-last-basket-out as in Li et al. 2023: each customer's last order
 * is held out, every earlier order (of every customer) trains the models. Two protocols:
 *
 * - **Next basket** (the headline): at the moment of the held-out order, with an empty
 *   basket, each method recommends k products; nothing is excluded. Item-to-item is seeded
 *   from the customer's previous basket and, by design, never returns its seeds.
 * - **Basket completion** (what "often bought with" is for): a seeded random half of the
 *   held-out basket is revealed as already in the basket; every method is seeded with (and
 *   must exclude) those products, and is scored on the hidden half. Baskets of ≥ 4 products.
 *
 * Customers with at most {@link SHORT_HISTORY_ORDERS} earlier orders are also reported apart:
 * that is where fallbacks matter. One pass over the orders: a customer's latest order waits in
 * a one-order buffer and trains only when a later one arrives, so the held-out orders are what
 * is left at the end. Caveat (as in most leave-last-out setups): other customers' orders later
 * than a customer's held-out basket still train the shared models.
 */

export const SHORT_HISTORY_ORDERS = 3;

export interface EvaluationReport {
  readonly k: number;
  readonly orders: number;
  readonly customers: number;
  readonly nextBasket: SegmentReport;
  /** Next basket, customers with 1 to {@link SHORT_HISTORY_ORDERS} earlier orders. */
  readonly shortHistory: SegmentReport;
  readonly completion: SegmentReport;
}

export interface EvaluationOptions {
  readonly aisleOf: (productId: string) => string | undefined;
  readonly k?: number;
  /** Seeds the basket-completion split. */
  readonly seed?: number;
  readonly blend?: BlendOptions;
  readonly buyItAgain?: BuyItAgainOptions;
  readonly similarity?: SimilarityOptions;
  /** Called every 1,000 orders read, and once at the end. */
  readonly onProgress?: (ordersRead: number) => void;
}

interface CustomerState {
  readonly counters: Map<string, RepeatCounter>;
  trained: number;
  lastBasket: string[];
  lastBasketAt: number;
  pending: HistoryOrder;
}

interface Models {
  readonly k: number;
  readonly companions: CompanionLookup;
  readonly plainCompanions: CompanionLookup;
  readonly popularity: InMemoryPopularity;
  readonly options: EvaluationOptions;
}

/** What one recommendation request knows: when, whose counters, seed products, exclusions. */
interface Request {
  readonly now: number;
  readonly counters: ReadonlyMap<string, RepeatCounter>;
  readonly seeds: readonly string[];
  readonly exclude: ReadonlySet<string>;
}

function listsFor(request: Request, models: Models): Record<Method, readonly string[]> {
  const { k, popularity, options } = models;
  const accept = (id: string) => !request.exclude.has(id);
  const ids = (items: readonly { productId: string }[]) => items.map((item) => item.productId);
  return {
    'item-to-item': ids(oftenBoughtWith(models.companions, request.seeds, k, request.exclude)),
    'item-to-item, plain cosine': ids(oftenBoughtWith(models.plainCompanions, request.seeds, k, request.exclude)),
    'buy-it-again': ids(
      buyItAgain(request.counters, request.now, k, {
        ...options.buyItAgain,
        accept,
        tieBreak: (id) => popularity.count(id),
      }),
    ),
    blend: ids(
      forMe({
        now: request.now,
        limit: k,
        repeats: request.counters,
        recent: request.seeds,
        exclude: request.exclude,
        companions: models.companions,
        popularity,
        aisleOf: options.aisleOf,
        options: { ...options.blend, buyItAgain: options.buyItAgain },
      }),
    ),
    'global popularity': topK(popularity.ranked(), k, accept),
    'aisle popularity': withFill(
      popularInAisles(popularity, aisleWeights(request.counters, options.aisleOf), k, accept),
      popularity.ranked(),
      k,
      accept,
    ),
  };
}

/** `list`, topped up to `k` from `fill` (what the serving code does when aisles run out). */
function withFill(
  list: readonly string[],
  fill: Iterable<string>,
  k: number,
  accept: (id: string) => boolean,
): string[] {
  const taken = new Set(list);
  return [...list, ...topK(fill, k - list.length, (id) => accept(id) && !taken.has(id))];
}

/** Runs the evaluation over a stream of orders (each customer's orders in time order, or nearly). */
export async function evaluate(orders: Source<HistoryOrder>, options: EvaluationOptions): Promise<EvaluationReport> {
  const k = options.k ?? 10;
  const coPurchase = emptyCoPurchaseState();
  const popularity = new InMemoryPopularity();
  const customers = new Map<string, CustomerState>();
  const train = (state: CustomerState, order: HistoryOrder) => {
    const products = distinctProducts(order.lines);
    const at = Date.parse(order.placedAt);
    for (const id of products) state.counters.set(id, recordPurchase(state.counters.get(id), at, options.buyItAgain));
    if (at >= state.lastBasketAt) [state.lastBasket, state.lastBasketAt] = [products, at];
    state.trained += 1;
    applyBasket(coPurchase, products);
    popularity.apply(products, options.aisleOf);
  };
  let read = 0;
  for await (const order of orders) {
    const state = customers.get(order.customerId);
    if (!state)
      customers.set(order.customerId, {
        counters: new Map(),
        trained: 0,
        lastBasket: [],
        lastBasketAt: -Infinity,
        pending: order,
      });
    else if (Date.parse(order.placedAt) >= Date.parse(state.pending.placedAt)) {
      train(state, state.pending);
      state.pending = order;
    } else {
      train(state, order); // an older order arriving late trains at once; the latest stays held out
    }
    read += 1;
    if (read % 1000 === 0) options.onProgress?.(read);
  }
  options.onProgress?.(read);

  const counts = coPurchaseCounts(coPurchase);
  const models: Models = {
    k,
    companions: memoizedCompanions(counts, options.similarity),
    plainCompanions: memoizedCompanions(counts, { ...options.similarity, idfWeight: 0 }),
    popularity,
    options,
  };
  const novelty = (id: string) => -Math.log2(Math.max(1, popularity.count(id)) / Math.max(1, coPurchase.totalBaskets));
  const [nextBasket, shortHistory, completion] = [
    new Segment(k, novelty),
    new Segment(k, novelty),
    new Segment(k, novelty),
  ];
  let number = 0;
  for (const state of customers.values()) {
    number += 1;
    if (state.trained === 0) continue;
    const now = Date.parse(state.pending.placedAt);
    const heldOut = distinctProducts(state.pending.lines);
    const lists = listsFor({ now, counters: state.counters, seeds: state.lastBasket, exclude: new Set() }, models);
    nextBasket.add(lists, new Set(heldOut), state.counters);
    if (state.trained <= SHORT_HISTORY_ORDERS) shortHistory.add(lists, new Set(heldOut), state.counters);
    if (heldOut.length < 4) continue;
    const { revealed, hidden } = split(heldOut, Random.seeded(deriveSeed(options.seed ?? 1, number)));
    completion.add(
      listsFor({ now, counters: state.counters, seeds: revealed, exclude: new Set(revealed) }, models),
      new Set(hidden),
      state.counters,
    );
  }
  return {
    k,
    orders: read,
    customers: customers.size,
    nextBasket: nextBasket.report(),
    shortHistory: shortHistory.report(),
    completion: completion.report(),
  };
}

/** A random half of the products (rounded down) revealed, the rest hidden. */
function split(products: readonly string[], random: Random): { revealed: string[]; hidden: string[] } {
  const shuffled = products.map((id) => ({ id, key: random.next() })).sort((a, b) => a.key - b.key);
  const cut = Math.floor(products.length / 2);
  return { revealed: shuffled.slice(0, cut).map((s) => s.id), hidden: shuffled.slice(cut).map((s) => s.id) };
}
