import type { Entry } from './index-state';
import type { SearchSort } from './product-search';
import { compareKeys, type Direction } from './ranking';
import type { CursorState, SortValue } from './search-cursor';

/**
 * Keyset pagination that never shows a product twice while products change.
 *
 * A cursor carries the time the first page was served and where the last page ended. Later pages
 *   1. leave out every product this index saw change (text, brand, aisle, price; for relevance
 *      also popularity) at or after that time, since a changed product may have moved from
 *      behind the boundary to ahead of it;
 *   2. continue strictly after the boundary in the same total order (sort values, then id).
 * Name and price belong to the product, so for those sorts this is exact. A relevance score
 * also depends on the rest of the index (BM25 document frequencies, aisle shares), so an
 * unchanged product's score drifts when others change; the boundary is therefore re-read from
 * the last product of the previous page as it scores now (or the one before it, if that one
 * changed), which cancels the drift shared by its neighbours.
 *
 * The price: a product edited while a shopper pages is missing from the rest of that paging (a
 * new search shows it), and so is one added meanwhile. Stock changes do not count as edits: they
 * move nothing, a product out of stock just leaves an `inStock` listing. An index that applies
 * an edit late (pub/sub delivery) stamps it when it applies it, so lateness hides a product,
 * never repeats it. Left open: two instances that disagree on whether an edit landed before a
 * first page was served (one had it, the other not) can still repeat that one product.
 */

export interface Ranked {
  readonly entry: Entry;
  readonly values: readonly SortValue[];
}

/** Ids of the last products of a page that a cursor keeps for re-anchoring. */
export const ANCHORS = 3;

function changeStamp(sort: SearchSort): (entry: Entry) => number {
  return sort === 'relevance'
    ? (entry) => Math.max(entry.changedAt, entry.popularityChangedAt)
    : (entry) => entry.changedAt;
}

/** Where the previous page ended, in today's order. */
function boundaryOf(
  ranked: readonly Ranked[],
  cursor: CursorState,
  sort: SearchSort,
  unchanged: (item: Ranked) => boolean,
) {
  if (sort !== 'relevance') return { values: cursor.values, id: cursor.id };
  const wanted = new Set(cursor.anchors);
  const found = new Map(ranked.filter((item) => wanted.has(item.entry.id)).map((item) => [item.entry.id, item]));
  for (const id of cursor.anchors) {
    const anchor = found.get(id);
    if (anchor && unchanged(anchor)) return { values: anchor.values, id };
  }
  return { values: cursor.values, id: cursor.id };
}

/** The products after the cursor's boundary that did not change since the first page. `ranked` is sorted. */
export function continuation(
  ranked: readonly Ranked[],
  cursor: CursorState,
  sort: SearchSort,
  dirs: readonly Direction[],
): Ranked[] {
  const stamp = changeStamp(sort);
  const unchanged = (item: Ranked) => stamp(item.entry) < cursor.servedAt;
  const boundary = boundaryOf(ranked, cursor, sort, unchanged);
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = ranked[middle]!;
    if (compareKeys(dirs, item.values, item.entry.id, boundary.values, boundary.id) <= 0) low = middle + 1;
    else high = middle;
  }
  return ranked.slice(low).filter(unchanged);
}

/** The cursor state for the page after `page`, or undefined on the last page. */
export function nextState(page: readonly Ranked[], hasMore: boolean, servedAt: number): CursorState | undefined {
  const last = page.at(-1);
  if (!last || !hasMore) return undefined;
  const anchors = page
    .slice(-ANCHORS)
    .reverse()
    .map((item) => item.entry.id);
  return { servedAt, values: last.values, id: last.entry.id, anchors };
}
