/**
 * Popularity: baskets per product, overall and within its aisle (category). The cold-start
 * fallback — a new customer, or a product nobody has bought with anything yet — and the two
 * baselines the evaluation measures the personal methods against.
 */

/** Read access to popularity, however it is stored. */
export interface PopularityCounts {
  /** Baskets that contained the product (0 when never bought). */
  count(productId: string): number;
  /** Products by descending baskets (ties by id), overall or within one aisle; lazy, so a filter may skip. */
  ranked(aisle?: string): Iterable<string>;
}

/** Counters as plain data: baskets per product, and per aisle the baskets of each of its products. */
export interface PopularityState {
  readonly global: Map<string, number>;
  readonly byAisle: Map<string, Map<string, number>>;
}

export function emptyPopularityState(): PopularityState {
  return { global: new Map(), byAisle: new Map() };
}

/**
 * Adds one basket (its distinct products) in place; `sign` -1 takes it back out. Like the
 * co-purchase increments, one basket's change depends only on the basket, so replay order
 * does not matter. Products whose aisle is unknown count overall only.
 */
export function applyToPopularity(
  state: PopularityState,
  productIds: Iterable<string>,
  aisleOf: (productId: string) => string | undefined,
  sign: 1 | -1 = 1,
): PopularityState {
  for (const id of new Set(productIds)) {
    bump(state.global, id, sign);
    const aisle = aisleOf(id);
    if (aisle === undefined) continue;
    let counts = state.byAisle.get(aisle);
    if (!counts) state.byAisle.set(aisle, (counts = new Map<string, number>()));
    bump(counts, id, sign);
  }
  return state;
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Ids by descending count, ties by id. */
export function rankByCount(counts: Iterable<readonly [string, number]>): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id]) => id);
}

/**
 * The in-memory reader. Rankings are sorted on first use and kept until the counters change
 * (tracked by a version the caller bumps through `changed()`), so serving many requests
 * between order events sorts once.
 */
export class InMemoryPopularity implements PopularityCounts {
  private version = 0;
  private readonly cache = new Map<string, { version: number; ids: string[] }>();

  constructor(readonly state: PopularityState = emptyPopularityState()) {}

  /** Adds a basket and invalidates the cached rankings. */
  apply(productIds: Iterable<string>, aisleOf: (productId: string) => string | undefined, sign: 1 | -1 = 1): void {
    applyToPopularity(this.state, productIds, aisleOf, sign);
    this.changed();
  }

  changed(): void {
    this.version += 1;
  }

  count(productId: string): number {
    return this.state.global.get(productId) ?? 0;
  }

  ranked(aisle?: string): readonly string[] {
    const key = aisle ?? '\u0000all';
    const cached = this.cache.get(key);
    if (cached && cached.version === this.version) return cached.ids;
    const counts =
      aisle === undefined ? this.state.global : (this.state.byAisle.get(aisle) ?? new Map<string, number>());
    const ids = rankByCount(counts);
    this.cache.set(key, { version: this.version, ids });
    return ids;
  }
}

/** The first `k` of a ranking that pass `accept`. */
export function topK(
  ranking: Iterable<string>,
  k: number,
  accept: (productId: string) => boolean = () => true,
): string[] {
  const picked: string[] = [];
  if (k <= 0) return picked;
  for (const id of ranking) {
    if (!accept(id)) continue;
    picked.push(id);
    if (picked.length === k) break;
  }
  return picked;
}

/**
 * Popular in the customer's aisles: their aisles weighted by how much of their history each
 * holds, slots shared out in proportion (largest remainder), each filled from that aisle's
 * ranking; a slot an aisle cannot fill goes to the next aisle. Fewer than `k` when the aisles
 * run out (the caller falls back to the overall ranking).
 */
export function popularInAisles(
  popularity: PopularityCounts,
  aisleWeights: ReadonlyMap<string, number>,
  k: number,
  accept: (productId: string) => boolean = () => true,
): string[] {
  const picked = new Set<string>();
  const take = (id: string) => !picked.has(id) && accept(id);
  const aisles = [...aisleWeights]
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [aisle, slots] of shareSlots(aisles, k)) {
    for (const id of topK(popularity.ranked(aisle), slots, take)) picked.add(id);
  }
  for (const [aisle] of aisles) {
    if (picked.size >= k) break;
    for (const id of topK(popularity.ranked(aisle), k - picked.size, take)) picked.add(id);
  }
  return [...picked];
}

/** Splits `k` slots over weighted aisles by largest remainder (deterministic). */
function shareSlots(aisles: readonly (readonly [string, number])[], k: number): [string, number][] {
  const total = aisles.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0 || k <= 0) return [];
  const shares = aisles.map(([aisle, weight]) => {
    const exact = (weight / total) * k;
    return { aisle, slots: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = k - shares.reduce((sum, share) => sum + share.slots, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder)) {
    if (left === 0) break;
    share.slots += 1;
    left -= 1;
  }
  return shares.filter((share) => share.slots > 0).map((share) => [share.aisle, share.slots]);
}
