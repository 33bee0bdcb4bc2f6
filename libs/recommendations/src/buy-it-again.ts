import type { ScoredProduct } from './model';

/**
 * "Buy it again": a customer's own products, ranked by how often and how recently they bought
 * them. Li, Jullien, Ariannezhad and de Rijke, "A Next Basket Recommendation Reality Check"
 * (ACM TOIS, 2023) found that in grocery most of a next basket is repeat purchases, and that a
 * personal frequency baseline (P-TopFreq) beats most published neural models on them; recency
 * weighting (TIFU-KNN's time-decayed frequency, Hu et al., SIGIR 2020) adds a little. This is
 * that baseline with an exponential time decay.
 */

export const DAY_MS = 86_400_000;

/** Per (customer, product) counters; a store keeps one item per pair. */
export interface RepeatCounter {
  /** Baskets (orders) that contained the product. */
  readonly count: number;
  /** Epoch ms of the latest of those baskets. */
  readonly lastAt: number;
  /** Σ 2^(−(lastAt − t)/halfLife) over those baskets: the decayed frequency as of `lastAt`. */
  readonly decayed: number;
}

export interface BuyItAgainOptions {
  /** A purchase this many days old weighs half a purchase today. */
  readonly halfLifeDays?: number;
  /** Products bought in at least this many baskets are "repeats" and rank first. */
  readonly minRepeats?: number;
}

const DEFAULTS: Required<BuyItAgainOptions> = { halfLifeDays: 30, minRepeats: 2 };

function decay(ageMs: number, halfLifeDays: number): number {
  return 2 ** (-ageMs / (halfLifeDays * DAY_MS));
}

/**
 * The counter after one more basket with the product at `at` (epoch ms). Order does not
 * matter — an event arriving late adds its decayed weight without moving `lastAt` — so
 * counters built from events in delivery order equal those built from the sorted history (up
 * to float rounding). Redelivery is the store's concern (it records the event id).
 */
export function recordPurchase(
  counter: RepeatCounter | undefined,
  at: number,
  options: BuyItAgainOptions = {},
): RepeatCounter {
  const { halfLifeDays } = { ...DEFAULTS, ...options };
  if (!counter) return { count: 1, lastAt: at, decayed: 1 };
  if (at >= counter.lastAt) {
    return {
      count: counter.count + 1,
      lastAt: at,
      decayed: counter.decayed * decay(at - counter.lastAt, halfLifeDays) + 1,
    };
  }
  return {
    count: counter.count + 1,
    lastAt: counter.lastAt,
    decayed: counter.decayed + decay(counter.lastAt - at, halfLifeDays),
  };
}

/** One purchase of a customer's history: a product in a basket placed at `orderedAt`. */
export interface Purchase {
  readonly productId: string;
  /** ISO-8601 or epoch ms. */
  readonly orderedAt: string | number;
}

function epochMs(at: string | number): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
  return ms;
}

/**
 * Counters from a customer's purchase history. A product on two lines of one basket (same
 * product, same time) counts once: frequency is in baskets, not lines.
 */
export function countersFromHistory(
  purchases: Iterable<Purchase>,
  options: BuyItAgainOptions = {},
): Map<string, RepeatCounter> {
  const seen = new Set<string>();
  const counters = new Map<string, RepeatCounter>();
  for (const purchase of purchases) {
    const at = epochMs(purchase.orderedAt);
    const key = `${purchase.productId}\u0000${at}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counters.set(purchase.productId, recordPurchase(counters.get(purchase.productId), at, options));
  }
  return counters;
}

/** The decayed frequency as seen at `now`. */
export function repeatScore(counter: RepeatCounter, now: number, options: BuyItAgainOptions = {}): number {
  return counter.decayed * decay(now - counter.lastAt, options.halfLifeDays ?? DEFAULTS.halfLifeDays);
}

export interface BuyItAgainItem extends ScoredProduct {
  readonly count: number;
  readonly repeat: boolean;
}

export interface BuyItAgainQuery extends BuyItAgainOptions {
  /** Products for which this is false (out of stock, already in the basket) are skipped. */
  readonly accept?: (productId: string) => boolean;
  /**
   * Breaks ties in decayed frequency, higher first. Ties are common: everything in a
   * customer's only basket has the same count and date. Overall popularity is a fair prior —
   * milk bought once is likelier to be bought again than a one-off novelty.
   */
  readonly tieBreak?: (productId: string) => number;
}

/**
 * The customer's products, best first: repeats (bought in ≥ `minRepeats` baskets) before
 * one-off purchases whatever their recency — something bought every week is what "buy it
 * again" is for, a one-off last night is not — then by decayed frequency, then `tieBreak`,
 * then count, then id.
 */
export function buyItAgain(
  counters: Iterable<readonly [string, RepeatCounter]>,
  now: number,
  k: number,
  query: BuyItAgainQuery = {},
): BuyItAgainItem[] {
  const settings = {
    halfLifeDays: query.halfLifeDays ?? DEFAULTS.halfLifeDays,
    minRepeats: query.minRepeats ?? DEFAULTS.minRepeats,
  };
  const tieBreak = query.tieBreak ?? (() => 0);
  const items: (BuyItAgainItem & { prior: number })[] = [];
  for (const [productId, counter] of counters) {
    if (query.accept && !query.accept(productId)) continue;
    const repeat = counter.count >= settings.minRepeats;
    items.push({
      productId,
      count: counter.count,
      repeat,
      score: repeatScore(counter, now, settings),
      prior: tieBreak(productId),
    });
  }
  items.sort(
    (a, b) =>
      Number(b.repeat) - Number(a.repeat) ||
      b.score - a.score ||
      b.prior - a.prior ||
      b.count - a.count ||
      (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
  );
  return items
    .slice(0, Math.max(0, k))
    .map(({ productId, count, repeat, score }) => ({ productId, count, repeat, score }));
}
