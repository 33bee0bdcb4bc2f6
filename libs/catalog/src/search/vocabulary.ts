import SearchableMap from 'minisearch/SearchableMap';

/**
 * The distinct terms of the index, each with the number of products that have it. Query
 * expansion asks it whether a spelling exists before trying a correction (`rice` is a word
 * here, so it is not fuzzed into `ice`), and which halves of `icecream` are words.
 *
 * Counts live in a plain Map (an index build updates them a million times at 50k products);
 * the radix tree that answers prefix questions only changes when a term appears or disappears.
 */
export class Vocabulary {
  private readonly counts = new Map<string, number>();
  private readonly prefixes = new SearchableMap<true>();

  add(terms: Iterable<string>): void {
    for (const term of terms) {
      const count = this.counts.get(term) ?? 0;
      this.counts.set(term, count + 1);
      if (count === 0) this.prefixes.set(term, true);
    }
  }

  remove(terms: Iterable<string>): void {
    for (const term of terms) {
      const count = this.counts.get(term) ?? 0;
      if (count > 1) {
        this.counts.set(term, count - 1);
      } else {
        this.counts.delete(term);
        this.prefixes.delete(term);
      }
    }
  }

  has(term: string): boolean {
    return this.counts.has(term);
  }

  /** Products with this exact term. */
  count(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  /** True when some longer term starts with `prefix`. */
  extends(prefix: string): boolean {
    for (const key of this.prefixes.atPrefix(prefix).keys()) {
      if (key !== prefix) return true;
    }
    return false;
  }

  get size(): number {
    return this.counts.size;
  }
}
