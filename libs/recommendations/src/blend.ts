import { buyItAgain, type BuyItAgainItem, type BuyItAgainOptions, type RepeatCounter } from './buy-it-again';
import { oftenBoughtWith, type CompanionLookup } from './co-purchase';
import type { ScoredProduct } from './model';
import { popularInAisles, topK, type PopularityCounts } from './popularity';

/**
 * What the recommendation routes serve: `GET /recommendations/for-me` ({@link forMe}) and
 * "often bought with" for a product page or a basket ({@link boughtWith}). Each answer is the
 * sources below taken in order, de-duplicated, filtered, with the source of each item kept so
 * the response can say which strategy produced it.
 */

export type RecommendationSource = 'buy-it-again' | 'often-bought-with' | 'popular-in-aisle' | 'popular';

export interface Recommendation {
  readonly productId: string;
  readonly source: RecommendationSource;
}

/** The filters every answer applies: never an excluded product, only what `inStock` accepts. */
export interface ServingFilter {
  /** Ids never to return: the product on the page, what is already in the basket. */
  readonly exclude?: Iterable<string>;
  /** Whether a product may be shown now (the lead backs it with stock); default: all may. */
  readonly inStock?: (productId: string) => boolean;
}

export interface BlendOptions {
  /**
   * Share of the slots the customer's repeats may take; the rest is kept for companions of
   * their latest basket (new products), and whatever either cannot fill goes to the other.
   * 1 (the default) lets repeats fill the list, which scores best offline — most of a grocery
   * basket is repeats; 0.8 shows two new products at a cost in accuracy (EVALUATION.md).
   */
  readonly repeatShare?: number;
  /**
   * How much the customer's own products are lifted when they go with the seed products: each
   * decayed frequency is multiplied by 1 + basketFit × fit, fit being its item-to-item score
   * with the seeds relative to the best such score (0–1). Pasta in the basket brings their
   * usual parmesan forward. 0 turns it off; 1 (default) gained on every protocol offline,
   * 8 overdoes it (EVALUATION.md).
   */
  readonly basketFit?: number;
  readonly buyItAgain?: BuyItAgainOptions;
}

export interface ForMeInput extends ServingFilter {
  /** Epoch ms of the request (recency is measured from it). */
  readonly now: number;
  readonly limit: number;
  /** The customer's per-product counters. */
  readonly repeats: Iterable<readonly [string, RepeatCounter]>;
  /**
   * Seeds for "often bought with": the products in the customer's basket when it is not
   * empty, otherwise those of their latest order.
   */
  readonly recent: readonly string[];
  /** Companion lists (`memoizedCompanions`, or the stored top-N per product). */
  readonly companions: CompanionLookup;
  readonly popularity: PopularityCounts;
  readonly aisleOf: (productId: string) => string | undefined;
  readonly options?: BlendOptions;
}

const BLEND_DEFAULTS = { repeatShare: 1, basketFit: 1 } as const;

/** Collects recommendations in order, enforcing the limit, de-duplication and the filters. */
class Picker {
  readonly items: Recommendation[] = [];
  private readonly taken = new Set<string>();
  private readonly excluded: ReadonlySet<string>;
  private readonly inStock: (productId: string) => boolean;

  constructor(
    readonly limit: number,
    filter: ServingFilter,
    never: Iterable<string> = [],
  ) {
    this.excluded = new Set([...(filter.exclude ?? []), ...never]);
    this.inStock = filter.inStock ?? (() => true);
  }

  get full(): boolean {
    return this.items.length >= this.limit;
  }

  get room(): number {
    return Math.max(0, this.limit - this.items.length);
  }

  /** Whether a product could still be added (not taken, not excluded, in stock). */
  readonly accepts = (productId: string): boolean =>
    !this.taken.has(productId) && !this.excluded.has(productId) && this.inStock(productId);

  /** The complement of {@link accepts}, shaped as the `exclude` a scorer takes. */
  readonly rejects = { has: (productId: string): boolean => !this.accepts(productId) };

  /** Adds products in order until `cap` of them are added or the list is full. */
  add(productIds: Iterable<string>, source: RecommendationSource, cap = Infinity): void {
    let added = 0;
    for (const productId of productIds) {
      if (this.full || added >= cap) return;
      if (!this.accepts(productId)) continue;
      this.taken.add(productId);
      this.items.push({ productId, source });
      added += 1;
    }
  }
}

/** The customer's aisles, weighted by the baskets each product of theirs was bought in. */
export function aisleWeights(
  repeats: Iterable<readonly [string, RepeatCounter]>,
  aisleOf: (productId: string) => string | undefined,
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [productId, counter] of repeats) {
    const aisle = aisleOf(productId);
    if (aisle !== undefined) weights.set(aisle, (weights.get(aisle) ?? 0) + counter.count);
  }
  return weights;
}

/**
 * For one customer: their repeats first (the bulk of a grocery basket, Li et al. 2023), those
 * that go with the seed products lifted, then what they bought once (overall popularity
 * breaking the many ties), then what goes with the seeds, then popular products in their
 * aisles, then popular overall — so a brand-new
 * customer still gets a full list. With `repeatShare` < 1, companions get their reserved slots
 * right after the capped repeats. Nothing excluded, nothing out of stock, no product twice.
 */
export function forMe(input: ForMeInput): Recommendation[] {
  const options = { ...BLEND_DEFAULTS, ...input.options };
  const picker = new Picker(input.limit, input);
  const repeats = [...input.repeats];
  // Ranking all of the customer's products is cheap (hundreds at most) and lets the picker
  // skip filtered ones without asking for "k plus a margin".
  const own = fitToBasket(
    buyItAgain(repeats, input.now, Infinity, {
      ...options.buyItAgain,
      accept: picker.accepts,
      tieBreak: (id) => input.popularity.count(id),
    }),
    options.basketFit > 0 && input.recent.length > 0
      ? oftenBoughtWith(input.companions, input.recent, Infinity, picker.rejects)
      : [],
    options.basketFit,
  );
  const repeatIds = own.filter((item) => item.repeat).map((item) => item.productId);
  const repeatSlots = Math.ceil(Math.min(1, Math.max(0, options.repeatShare)) * input.limit);
  const companions = () =>
    oftenBoughtWith(input.companions, input.recent, picker.room, picker.rejects).map((item) => item.productId);
  picker.add(repeatIds, 'buy-it-again', repeatSlots);
  if (repeatSlots < input.limit && input.recent.length > 0)
    picker.add(companions(), 'often-bought-with', input.limit - repeatSlots);
  picker.add(repeatIds, 'buy-it-again');
  picker.add(
    own.filter((item) => !item.repeat).map((item) => item.productId),
    'buy-it-again',
  );
  if (!picker.full && input.recent.length > 0) picker.add(companions(), 'often-bought-with');
  if (!picker.full)
    picker.add(
      popularInAisles(input.popularity, aisleWeights(repeats, input.aisleOf), picker.room, picker.accepts),
      'popular-in-aisle',
    );
  if (!picker.full) picker.add(topK(input.popularity.ranked(), picker.room, picker.accepts), 'popular');
  return picker.items;
}

/** Re-ranks the customer's products by fit with the seeds (see `basketFit`); repeats stay first. */
function fitToBasket(
  own: readonly BuyItAgainItem[],
  fitting: readonly ScoredProduct[],
  weight: number,
): readonly BuyItAgainItem[] {
  if (fitting.length === 0) return own;
  const best = fitting[0]!.score;
  const fit = new Map(fitting.map((item) => [item.productId, item.score / best]));
  // Array sort is stable: equal scores keep buyItAgain's order (its tie-breaks).
  return own
    .map((item) => ({ ...item, score: item.score * (1 + weight * (fit.get(item.productId) ?? 0)) }))
    .sort((a, b) => Number(b.repeat) - Number(a.repeat) || b.score - a.score);
}

export interface BoughtWithInput extends ServingFilter {
  /** The product on the page, or the products in the basket. */
  readonly productIds: readonly string[];
  readonly limit: number;
  readonly companions: CompanionLookup;
  readonly popularity: PopularityCounts;
  readonly aisleOf: (productId: string) => string | undefined;
}

/**
 * "Often bought with" a product or a basket: companions by item-to-item score, then popular
 * products of the same aisle(s) for a product nobody has bought with anything yet, then
 * popular overall. Never the product(s) themselves.
 */
export function boughtWith(input: BoughtWithInput): Recommendation[] {
  const picker = new Picker(input.limit, input, input.productIds);
  const companions = oftenBoughtWith(input.companions, input.productIds, picker.room, picker.rejects);
  picker.add(
    companions.map((item) => item.productId),
    'often-bought-with',
  );
  if (!picker.full) {
    const aisles = new Map<string, number>();
    for (const id of input.productIds) {
      const aisle = input.aisleOf(id);
      if (aisle !== undefined) aisles.set(aisle, (aisles.get(aisle) ?? 0) + 1);
    }
    picker.add(popularInAisles(input.popularity, aisles, picker.room, picker.accepts), 'popular-in-aisle');
  }
  if (!picker.full) picker.add(topK(input.popularity.ranked(), picker.room, picker.accepts), 'popular');
  return picker.items;
}
