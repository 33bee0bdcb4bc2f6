import type { Entry } from './index-state';
import type { SearchSort } from './product-search';
import { compareKeys, type Direction } from './ranking';
import type { CursorState, SortValue } from './search-cursor';
import { InvalidCursorError } from './search-errors';
import { ShownFilter } from './shown-filter';

/**
 * Keyset pagination that never shows a product twice while products change.
 *
 * Every page after the first continues strictly after the previous page's last product, in
 * the same total order (sort values, then id). What else a cursor needs depends on the order:
 *
 * By name or price, the sort values belong to the product, so only an edited product can move
 * from behind the boundary to ahead of it. The cursor carries the time the first page was
 * served, and later pages leave out every product whose name or price this index saw change at
 * or after it. Exact. The price: a product edited while a shopper pages is missing from the
 * rest of that paging (a new listing shows it), and so is one added meanwhile. Stock does not
 * count: it moves nothing, a product out of stock just leaves an `inStock` listing. An index
 * that applies an edit late (pub/sub delivery) stamps it when it applies it, so lateness hides a
 * product rather than repeating it. Left open: two instances that disagree on whether an edit
 * landed before a first page was served (one had it, the other not) can repeat that product.
 *
 * By relevance, the score also depends on the rest of the index (BM25 document frequencies,
 * aisle shares): adding one product that shares a query word reorders unchanged products.
 * So the cursor carries a Bloom filter of every product shown so far (shown-filter.ts), and
 * later pages leave those out: no repeats by construction, across instances too. The boundary
 * is re-read from the previous page's last product as it scores now (or the one before it, if
 * that one changed), which cancels the drift its neighbours share, so few products are
 * skipped. The price: a product whose score rose past the boundary meanwhile is not shown in
 * this paging, and the filter's false positives skip a few products (0.06% after 200 shown).
 */

export interface Ranked {
  readonly entry: Entry;
  /** The entry's row in the facet table, held here so a listing's filter pass reads no entry. */
  readonly row: number;
  readonly values: readonly SortValue[];
}

/** Ids of the last products of a page that a relevance cursor keeps for re-anchoring. */
export const ANCHORS = 3;

const changedSince = (entry: Entry, servedAt: number): boolean =>
  entry.changedAt >= servedAt || entry.popularityChangedAt >= servedAt;

/** Where the previous page ended, in today's order. */
function boundaryOf(
  ranked: readonly Ranked[],
  cursor: CursorState,
  sort: SearchSort,
): { values: readonly SortValue[]; id: string } {
  if (sort !== 'relevance') return cursor;
  const wanted = new Set(cursor.anchors);
  const found = new Map(ranked.filter((item) => wanted.has(item.entry.id)).map((item) => [item.entry.id, item]));
  for (const id of cursor.anchors) {
    const anchor = found.get(id);
    if (anchor && !changedSince(anchor.entry, cursor.servedAt)) return { values: anchor.values, id };
  }
  return cursor;
}

function shownFilter(cursor: CursorState): ShownFilter {
  const filter = cursor.shown === undefined ? undefined : ShownFilter.decode(cursor.shown);
  if (!filter) throw new InvalidCursorError('a relevance cursor without its filter');
  return filter;
}

/** Up to `count` products that may follow the cursor's page, in order. `ranked` is sorted. */
export function continuation(
  ranked: readonly Ranked[],
  cursor: CursorState,
  sort: SearchSort,
  dirs: readonly Direction[],
  count: number,
): Ranked[] {
  const boundary = boundaryOf(ranked, cursor, sort);
  let low = 0;
  let high = ranked.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const item = ranked[middle]!;
    if (compareKeys(dirs, item.values, item.entry.id, boundary.values, boundary.id) <= 0) low = middle + 1;
    else high = middle;
  }
  const shown = sort === 'relevance' ? shownFilter(cursor) : undefined;
  const eligible = shown
    ? (item: Ranked) => !shown.has(item.entry.id)
    : (item: Ranked) => item.entry.changedAt < cursor.servedAt;
  const found: Ranked[] = [];
  for (let index = low; index < ranked.length && found.length < count; index++) {
    if (eligible(ranked[index]!)) found.push(ranked[index]!);
  }
  return found;
}

/** The cursor state for the page after `page`, or undefined on the last page. */
export function nextState(
  page: readonly Ranked[],
  hasMore: boolean,
  sort: SearchSort,
  previous: CursorState | undefined,
  servedAt: number,
): CursorState | undefined {
  const last = page.at(-1);
  if (!last || !hasMore) return undefined;
  const state = { servedAt, values: last.values, id: last.entry.id, anchors: [] };
  if (sort !== 'relevance') return state;
  const ids = page.map((item) => item.entry.id);
  const shown = previous ? shownFilter(previous) : ShownFilter.empty();
  return { ...state, anchors: ids.slice(-ANCHORS).reverse(), shown: shown.with(ids).encode() };
}
