import { Inject, Injectable } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { CATALOG_PORT, DomainError, ErrorCode, type CatalogPort, type ProductSummary } from '@gomart/contracts';
import { UNKNOWN_AISLE } from './basket';
import { boughtWith, forMe, type Recommendation, type RecommendationSource } from './blend';
import { companionsOf, MAX_PRODUCTS_PER_BASKET, type CoPurchaseCounts, type CompanionLookup } from './co-purchase';
import type { ScoredProduct } from './model';
import { InMemoryPopularity } from './popularity';
import { RecommendationStore, type PopularitySnapshot } from './recommendation.store';

/** What both routes answer: whole products, and what produced the first of them. */
export interface RecommendationList {
  readonly items: readonly ProductSummary[];
  readonly strategy: RecommendationSource | 'none';
}

export interface ServingQuery {
  readonly exclude: readonly string[];
  readonly limit: number;
}

/**
 * How long an instance reuses the popularity table it read: every answer scores with it (item
 * counts, aisle rankings), and a few seconds of lag on counts that move by one per order
 * change no ranking a shopper could notice. The response cache in front is longer anyway.
 */
export const POPULARITY_REFRESH_MS = 5_000;
/** Rounds of "suggest, check stock, suggest again without what was out of stock". */
const STOCK_ROUNDS = 4;
const SEED_READS_IN_FLIGHT = 8;

/** Popularity as the pure scorers read it, with each product's aisle (the one it sells most in). */
interface Popularity {
  readonly snapshot: PopularitySnapshot;
  readonly reader: InMemoryPopularity;
  readonly aisleOf: (productId: string) => string | undefined;
}

/**
 * Serves the recommendations: reads the counters for the product or customer, lets the pure
 * blend rank (blend.ts), and keeps only products the catalog says exist and are in stock.
 */
@Injectable()
export class RecommendationService {
  private popularity?: { readonly at: number; readonly value: Promise<Popularity> };

  constructor(
    @Inject(RecommendationStore) private readonly store: RecommendationStore,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
  ) {}

  /** "Often bought with" a product, falling back to its aisle's best sellers for a product nobody has bought with anything. */
  async forProduct(productId: string, query: ServingQuery): Promise<RecommendationList> {
    const [[product], popularity, pairs] = await Promise.all([
      this.catalog.describeProducts([productId]),
      this.currentPopularity(),
      this.store.pairsOf(productId),
    ]);
    if (!product) throw new DomainError(ErrorCode.PRODUCT_NOT_FOUND, `No product with id ${productId}.`, { id: productId });
    const companions = companionLookup(popularity.snapshot, new Map([[productId, pairs]]));
    const aisleOf = (id: string) => (id === productId ? product.category : popularity.aisleOf(id));
    return this.inStock((inStock) =>
      boughtWith({ productIds: [productId], limit: query.limit, companions, popularity: popularity.reader, aisleOf, exclude: query.exclude, inStock }),
    );
  }

  /**
   * "For me": the customer's repeats first, then what goes with their basket (`exclude`, what
   * the storefront has in it) or, when it is empty, with their latest order; then popular in
   * their aisles, then popular overall — a new customer still gets a list.
   */
  async forCustomer(customerId: string, query: ServingQuery): Promise<RecommendationList> {
    const [popularity, customer] = await Promise.all([this.currentPopularity(), this.store.customer(customerId)]);
    const recent = (query.exclude.length > 0 ? query.exclude : (customer.latest?.products ?? [])).slice(0, MAX_PRODUCTS_PER_BASKET);
    const pairs = new Map(await mapConcurrently(recent, SEED_READS_IN_FLIGHT, async (id) => [id, await this.store.pairsOf(id)] as const));
    const companions = companionLookup(popularity.snapshot, pairs);
    const aisleOf = (id: string) => customer.products.get(id)?.aisle ?? popularity.aisleOf(id);
    const now = Date.now();
    return this.inStock((inStock) =>
      forMe({ now, limit: query.limit, repeats: customer.products, recent, companions, popularity: popularity.reader, aisleOf, exclude: query.exclude, inStock }),
    );
  }

  /**
   * Runs `pick` until every product it picks is known to the catalog and in stock: each round
   * asks the catalog about the picks not seen yet, and the next round picks again without the
   * ones that are gone or sold out. A few rounds at most; whatever is still unchecked after
   * them is left out rather than shown unchecked.
   */
  private async inStock(pick: (inStock: (productId: string) => boolean) => Recommendation[]): Promise<RecommendationList> {
    const known = new Map<string, ProductSummary | null>();
    const available = (id: string) => {
      const product = known.get(id);
      return product === undefined || (product !== null && product.stock > 0);
    };
    let picked = pick(available);
    for (let round = 1; round < STOCK_ROUNDS; round++) {
      const unseen = picked.map((item) => item.productId).filter((id) => !known.has(id));
      if (unseen.length === 0) break;
      for (const id of unseen) known.set(id, null);
      for (const product of await this.catalog.describeProducts(unseen)) known.set(product.id, product);
      picked = pick(available);
    }
    const items = picked.flatMap((item) => {
      const product = known.get(item.productId);
      return product && product.stock > 0 ? [{ product, source: item.source }] : [];
    });
    return { items: items.map((item) => item.product), strategy: items[0]?.source ?? 'none' };
  }

  /** The popularity table, read at most every POPULARITY_REFRESH_MS by this instance (concurrent readers share one read). */
  private currentPopularity(): Promise<Popularity> {
    const now = Date.now();
    if (!this.popularity || now - this.popularity.at >= POPULARITY_REFRESH_MS) {
      const value = this.store.popularitySnapshot().then(toPopularity);
      value.catch(() => {
        if (this.popularity?.value === value) this.popularity = undefined;
      });
      this.popularity = { at: now, value };
    }
    return this.popularity.value;
  }
}

function toPopularity(snapshot: PopularitySnapshot): Popularity {
  const aisles = new Map<string, { aisle: string; baskets: number }>();
  for (const [aisle, counts] of snapshot.byAisle) {
    if (aisle === UNKNOWN_AISLE) continue;
    for (const [id, baskets] of counts) {
      const best = aisles.get(id);
      if (!best || baskets > best.baskets) aisles.set(id, { aisle, baskets });
    }
  }
  return {
    snapshot,
    reader: new InMemoryPopularity({ global: snapshot.counts, byAisle: snapshot.byAisle }),
    aisleOf: (id) => aisles.get(id)?.aisle,
  };
}

/** Companion lists of the seeds whose pairs were read, scored as the evaluation scores them. */
function companionLookup(snapshot: PopularitySnapshot, pairs: ReadonlyMap<string, ReadonlyMap<string, number>>): CompanionLookup {
  const counts: CoPurchaseCounts = {
    totalBaskets: snapshot.totalBaskets,
    basketsWith: (id) => snapshot.counts.get(id) ?? 0,
    pairsOf: (id) => pairs.get(id) ?? [],
  };
  const lists = new Map<string, readonly ScoredProduct[]>();
  return (id) => {
    let list = lists.get(id);
    if (!list) lists.set(id, (list = pairs.has(id) ? companionsOf(counts, id) : []));
    return list;
  };
}
