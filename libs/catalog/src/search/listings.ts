import type { Entry } from './index-state';
import type { Ranked } from './pagination';
import type { SearchSort } from './product-search';
import { compareKeys, directions, sortValues } from './ranking';

/**
 * Every product presorted by name and by price, for listings without text. Built on first use,
 * then kept in order by moving one product at a time (binary search and splice, tens of
 * microseconds at 50,000 products), because re-sorting after each price change from the
 * catalog's update stream cost 100 ms or more a listing at that size.
 */
export class Listings {
  private readonly bySort = new Map<SearchSort, Ranked[]>();

  /** Products in `sort` order. Items are allocated in listing order, so a full pass reads memory in sequence. */
  get(sort: SearchSort, entries: () => Iterable<Entry>): readonly Ranked[] {
    let listing = this.bySort.get(sort);
    if (!listing) {
      const dirs = directions(sort);
      listing = [...entries()]
        .map((entry) => item(sort, entry))
        .sort((a, b) => compareKeys(dirs, a.values, a.entry.id, b.values, b.entry.id))
        .map(({ entry, row, values }) => ({ entry, row, values }));
      this.bySort.set(sort, listing);
    }
    return listing;
  }

  /** Takes a product out, as it sorts now: call before changing its name or price. */
  remove(entry: Entry): void {
    for (const [sort, listing] of this.bySort) {
      const target = item(sort, entry);
      const index = position(sort, listing, target);
      if (listing[index]?.entry.id === entry.id) listing.splice(index, 1);
    }
  }

  /** Puts a product in, as it sorts now: call after adding it or changing its name or price. */
  insert(entry: Entry): void {
    for (const [sort, listing] of this.bySort) {
      const target = item(sort, entry);
      listing.splice(position(sort, listing, target), 0, target);
    }
  }
}

function item(sort: SearchSort, entry: Entry): Ranked {
  return { entry, row: entry.row, values: sortValues(sort, entry, { tier: 0, score: 0 }) };
}

/** The first index whose item does not sort before `target`. */
function position(sort: SearchSort, listing: readonly Ranked[], target: Ranked): number {
  const dirs = directions(sort);
  let low = 0;
  let high = listing.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const other = listing[middle]!;
    if (compareKeys(dirs, other.values, other.entry.id, target.values, target.entry.id) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
