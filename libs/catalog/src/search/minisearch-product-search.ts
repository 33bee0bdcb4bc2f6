import { applyFilters } from './facets';
import { IndexState, sameText } from './index-state';
import { continuation, nextState, type Ranked } from './pagination';
import type {
  IndexProgress,
  ProductSearch,
  SearchDoc,
  SearchFacets,
  SearchPage,
  SearchQuery,
  SearchSort,
} from './product-search';
import { filtersOf, validateQuery } from './query-validation';
import { compareKeys, directions, type Direction, effectiveSort, sortValues } from './ranking';
import { CursorCodec, queryFingerprint } from './search-cursor';
import { SHOP_SYNONYMS, type SynonymData, Thesaurus } from './synonyms';
import { textCandidates } from './text-matches';

/**
 * The catalog's search index in process, on MiniSearch 7 (BM25 ranking, prefix and fuzzy
 * matching over a radix tree). MiniSearch holds the inverted index and scores; the rest is ours:
 * text analysis (text-analysis.ts, doc-fields.ts), query expansion with typos, synonyms and
 * joined or split words (query-builder.ts, synonyms.json), ranking (ranking.ts), filters and
 * facets (facets.ts), presorted listings (listings.ts) and cursors (search-cursor.ts,
 * pagination.ts).
 *
 * Why `milk` lists Full Cream Milk before Toddler Milk and Milk Chocolate: two signals, both
 * learnt from the catalog rather than written per word. The name's head noun is indexed as a
 * field of its own (doc-fields.ts), so "is a milk" outscores "contains milk" (Milk Chocolate
 * Block is a block); and a product's score grows with the share of the query's score that its
 * aisle holds (ranking.ts), so `milk` leans to Dairy over Baby, Snacks and Pantry. Measured on
 * relevance-set.json: without the head field success@5 drops from 1.00 to 0.975 (apple,
 * potato), without the aisle share to 0.988 (crisps, chicken).
 *
 * Measured on the build machine (Node 20.20, demoSearchDocs(n), 2 cores shared with other work
 * at load 5 to 7, so these are pessimistic; heap retained after GC, own copies of products
 * included):
 *   2,000 products: build 0.24-0.40 s, heap 2.8 MiB; text query median 0.2-0.3 ms (p95 2-5 ms);
 *     listing median 0.1 ms
 *   50,000 products: build 2.7-4.7 s, heap 54 MiB; text query median 3.3-4 ms (p95 19-23 ms;
 *     a word in 90% of products, "pack", 0.3 s); listing median 3-4 ms (p95 11-24 ms)
 * An upsert re-analyses one product and replaces it in MiniSearch (0.1 ms at 2,000, 0.5 ms at
 * 50,000 with the presorted listings moved); a price change moves it in the listings only
 * (0.3 ms at 50,000); stock and popularity are set beside the index (about 1 microsecond).
 */

export interface MiniSearchProductSearchOptions {
  /** Key that signs cursors; the same on every instance. See search-cursor.ts. */
  readonly cursorSecret?: string | Buffer;
  /** Synonyms; defaults to synonyms.json. */
  readonly synonyms?: SynonymData;
  /** Clock (ms); tests pass their own. */
  readonly now?: () => number;
}

interface Results {
  readonly ranked: Ranked[];
  readonly total: number;
  readonly facets: SearchFacets;
}

type Change = (state: IndexState) => void;

/** The step of the local clock within a millisecond (a power of two, so sums stay exact). */
const TICK = 1 / 1024;
/** Products replaceAll indexes between progress reports and yields to the event loop. */
const BUILD_BATCH = 2000;

export class MiniSearchProductSearch implements ProductSearch {
  private state: IndexState;
  /** For each replaceAll queued or running, the changes made since it was called, to replay on its generation. */
  private readonly pending = new Set<Change[]>();
  /** replaceAll calls run one after the other. */
  private building: Promise<void> = Promise.resolve();
  private readonly thesaurus: Thesaurus;
  private readonly cursors: CursorCodec;
  private readonly now: () => number;
  private lastTick = -Infinity;

  constructor(options: MiniSearchProductSearchOptions = {}) {
    this.thesaurus = new Thesaurus(options.synonyms ?? SHOP_SYNONYMS);
    this.cursors = new CursorCodec(options.cursorSecret);
    this.now = options.now ?? Date.now;
    this.state = new IndexState(this.thesaurus);
  }

  get size(): number {
    return this.state.size;
  }

  /**
   * Builds a new generation and swaps it in; searches meanwhile use the old one. Changes that
   * arrive during the build are applied to both. A product whose live version is newer than
   * the one given (by `updatedAt`) keeps the live version.
   */
  async replaceAll(docs: Iterable<SearchDoc>, onProgress?: IndexProgress): Promise<void> {
    const list = [...docs];
    const changes: Change[] = [];
    this.pending.add(changes);
    const build = this.building
      .then(() => this.rebuild(list, changes, onProgress))
      .finally(() => this.pending.delete(changes));
    this.building = build.catch(() => undefined);
    return build;
  }

  private async rebuild(
    list: readonly SearchDoc[],
    changes: readonly Change[],
    onProgress?: IndexProgress,
  ): Promise<void> {
    const previous = this.state;
    const next = new IndexState(this.thesaurus);
    // A first build dates each product by its own updatedAt, so cursors that other instances
    // issued before this one started still page on; never later than now (a writer's clock
    // may run ahead).
    const builtAt = this.tick();
    const firstBuildAt = previous.size === 0 ? builtAt : undefined;
    for (const [index, given] of list.entries()) {
      this.carryOver(next, given, previous, firstBuildAt);
      if ((index + 1) % BUILD_BATCH === 0) {
        onProgress?.(index + 1, list.length);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    for (const change of changes) change(next);
    this.state = next;
    onProgress?.(list.length, list.length);
  }

  /** Puts a product into a new generation, keeping what the live one knows that the snapshot does not. */
  private carryOver(next: IndexState, given: SearchDoc, previous: IndexState, firstBuildAt: number | undefined): void {
    const live = previous.entries.get(given.id);
    const keepLive = live !== undefined && updatedAtMs(live.doc) > updatedAtMs(given);
    const doc = keepLive ? live.doc : given;
    const unchanged = live !== undefined && sameText(live.doc, doc) && live.priceCents === doc.priceCents;
    const firstBuilt = firstBuildAt === undefined ? undefined : Math.min(updatedAtMs(doc), firstBuildAt);
    const changedAt = unchanged ? live.changedAt : (firstBuilt ?? this.stampNow(doc));
    next.put(doc, {
      changedAt,
      stock: keepLive ? previous.stockOf(live) : undefined,
      popularity: live?.popularity,
      popularityChangedAt: live?.popularityChangedAt,
    });
  }

  async upsert(doc: SearchDoc): Promise<void> {
    this.apply((state) => this.upsertInto(state, doc));
  }

  async remove(id: string): Promise<void> {
    this.apply((state) => state.delete(id));
  }

  async setStock(id: string, stock: number): Promise<void> {
    this.apply((state) => state.setStock(id, stock));
  }

  async setPopularity(id: string, unitsSold: number): Promise<void> {
    const at = this.tick();
    this.apply((state) => {
      const entry = state.entries.get(id);
      if (!entry || entry.popularity === unitsSold) return;
      entry.popularity = unitsSold;
      entry.popularityChangedAt = at;
    });
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    validateQuery(query);
    const fingerprint = queryFingerprint(query);
    const cursor = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor, fingerprint);
    const text = query.q !== undefined && query.q.trim() !== '' ? query.q : undefined;
    const sort = effectiveSort(query.sort, text !== undefined);
    const dirs = directions(sort);
    const { ranked, total, facets } = this.results(query, text, sort, dirs);
    const eligible = cursor ? continuation(ranked, cursor, sort, dirs, query.limit + 1) : ranked;
    const page = eligible.slice(0, query.limit);
    const next = nextState(page, eligible.length > page.length, sort, cursor, cursor?.servedAt ?? this.tick());
    return {
      ids: page.map((item) => item.entry.id),
      nextCursor: next ? this.cursors.encode(fingerprint, next) : null,
      total,
      facets,
    };
  }

  private apply(change: Change): void {
    change(this.state);
    for (const changes of this.pending) changes.push(change);
  }

  private upsertInto(state: IndexState, doc: SearchDoc): void {
    const entry = state.entries.get(doc.id);
    // Same text: a new price or stock is set in place (only a new price reorders anything).
    if (entry && sameText(entry.doc, doc)) state.update(entry, doc, this.stampNow(doc));
    else state.put(doc, { changedAt: this.stampNow(doc) });
  }

  /** When a change became visible here: now, or the product's own time if that is later. */
  private stampNow(doc: SearchDoc): number {
    return Math.max(updatedAtMs(doc), this.tick());
  }

  /**
   * The clock, made strictly increasing below the millisecond: a change made in the same
   * millisecond as a first page, before or after it, still sorts on the right side of it.
   */
  private tick(): number {
    this.lastTick = Math.max(this.now(), this.lastTick + TICK);
    return this.lastTick;
  }

  private results(query: SearchQuery, text: string | undefined, sort: SearchSort, dirs: readonly Direction[]): Results {
    const filters = filtersOf(query);
    if (text === undefined) {
      const { matches, facets } = applyFilters(this.state.listing(sort), rowOf, filters, this.state.facets);
      return { ranked: matches, total: matches.length, facets };
    }
    const candidates = textCandidates(this.state, text);
    const { matches, facets } = applyFilters(candidates, rowOf, filters, this.state.facets);
    const ranked = matches
      .map((candidate) => ({
        entry: candidate.entry,
        row: candidate.row,
        values: sortValues(sort, candidate.entry, candidate),
      }))
      .sort((a, b) => compareKeys(dirs, a.values, a.entry.id, b.values, b.entry.id));
    return { ranked, total: matches.length, facets };
  }
}

const rowOf = (item: { readonly row: number }): number => item.row;

function updatedAtMs(doc: SearchDoc): number {
  const ms = Date.parse(doc.updatedAt);
  return Number.isFinite(ms) ? ms : 0;
}
