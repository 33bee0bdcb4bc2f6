import type { SearchSort } from './product-search';
import type { SortValue } from './search-cursor';

/**
 * Orders and keysets. Every order ends with the product id, so it is total and a page boundary
 * is one point in it.
 *
 * Relevance is [exact code match, score, popularity]: a query equal to a SKU or barcode puts
 * that product first; then MiniSearch's BM25 score (times the aisle affinity below); units sold
 * only break ties, so popularity can never lift a worse match over a better one. Ties are
 * common, not rare: the same line from several brands ("Full Cream Milk 2L" by Go Mart and by
 * Dairy Farmers) scores exactly the same, and there the better seller comes first.
 */

export type Direction = 1 | -1;

export interface Sortable {
  readonly id: string;
  readonly priceCents: number;
  readonly nameKey: string;
  readonly popularity: number;
}

/** Without text there is no relevance: a listing "by relevance" is by name. */
export function effectiveSort(sort: SearchSort, hasText: boolean): SearchSort {
  return sort === 'relevance' && !hasText ? 'name' : sort;
}

export function directions(sort: SearchSort): readonly Direction[] {
  switch (sort) {
    case 'relevance':
      return [-1, -1, -1];
    case 'price-desc':
      return [-1];
    case 'price-asc':
    case 'name':
      return [1];
  }
}

export function sortValues(
  sort: SearchSort,
  product: Sortable,
  relevance: { tier: number; score: number },
): SortValue[] {
  switch (sort) {
    case 'relevance':
      return [relevance.tier, relevance.score, product.popularity];
    case 'price-asc':
    case 'price-desc':
      return [product.priceCents];
    case 'name':
      return [product.nameKey];
  }
}

function compareValue(a: SortValue | undefined, b: SortValue | undefined): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Negative when (valuesA, idA) comes before (valuesB, idB). */
export function compareKeys(
  dirs: readonly Direction[],
  valuesA: readonly SortValue[],
  idA: string,
  valuesB: readonly SortValue[],
  idB: string,
): number {
  for (let index = 0; index < dirs.length; index++) {
    const order = compareValue(valuesA[index], valuesB[index]) * dirs[index]!;
    if (order !== 0) return order;
  }
  return idA === idB ? 0 : idA < idB ? -1 : 1;
}

/**
 * Aisle affinity: how much of a query's total score falls in each aisle. `milk` scores mostly
 * in Dairy & Eggs (many milks there), a little in Baby (toddler milk), Snacks (milk chocolate)
 * and Pantry (coconut milk). A product's score is multiplied by 1 + AFFINITY_WEIGHT × its
 * aisle's share, so the aisle a word mostly means is preferred, learnt from the catalog itself
 * rather than from a list of rules. A query that lives in one aisle is scaled evenly (no effect).
 */
export const AFFINITY_WEIGHT = 0.6;

export function aisleShares(
  results: Iterable<{ readonly category: string; readonly score: number }>,
): Map<string, number> {
  const totals = new Map<string, number>();
  let sum = 0;
  for (const { category, score } of results) {
    totals.set(category, (totals.get(category) ?? 0) + score);
    sum += score;
  }
  for (const [category, total] of totals) totals.set(category, sum > 0 ? total / sum : 0);
  return totals;
}
