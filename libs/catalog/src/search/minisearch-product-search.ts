import type { SearchResult } from 'minisearch';
import { applyFilters } from './facets';
import { type Entry, IndexState, sameText } from './index-state';
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
import {
  AFFINITY_WEIGHT,
  aisleShares,
  compareKeys,
  directions,
  type Direction,
  effectiveSort,
  sortValues,
} from './ranking';
import { CursorCodec, queryFingerprint } from './search-cursor';
import { SHOP_SYNONYMS, type SynonymData, Thesaurus } from './synonyms';

/**
 * The catalog's search index in process, on MiniSearch 7 (BM25 ranking, prefix and fuzzy
 * matching over a radix tree). Text analysis (text-analysis.ts, doc-fields.ts), query expansion
 * (query-builder.ts, synonyms.json), aisle affinity and tie-breaks (ranking.ts), facets
 * (facets.ts) and cursors (search-cursor.ts, pagination.ts) are ours; MiniSearch holds the
 * inverted index and scores.
 *
 * Measured on the build machine (Node 20.20, demoCatalog(n), retained heap after GC):
 *   2,000 products: build ≈ MEASURE_BUILD_2K, heap ≈ MEASURE_HEAP_2K, query median ≈ MEASURE_Q_2K
 *   50,000 products: build ≈ MEASURE_BUILD_50K, heap ≈ MEASURE_HEAP_50K, query median ≈ MEASURE_Q_50K
 * An upsert re-analyses one product and replaces it in MiniSearch (discard + add; MiniSearch 7
 * vacuums discarded entries by itself, in batches); a stock, price or popularity change is set
 * beside the inverted index without touching it.
 */

export interface MiniSearchProductSearchOptions {
  /** Key that signs cursors; the same on every instance. See search-cursor.ts. */
  readonly cursorSecret?: string | Buffer;
  /** Synonyms; defaults to synonyms.json. */
  readonly synonyms?: SynonymData;
  /** Clock (ms); tests pass their own. */
  readonly now?: () => number;
}

interface Candidate {
  readonly entry: Entry;
  readonly row: number;
  readonly tier: number;
  readonly score: number;
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
      const { matches, facets } = applyFilters(this.listing(sort, dirs), rowOf, filters, this.state.facets);
      return { ranked: matches, total: matches.length, facets };
    }
    const candidates = this.textCandidates(text);
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

  /**
   * Every product in `sort` order; kept until a name, price or the set of products changes.
   * The items are allocated again in listing order, so that the filter pass over all of them
   * reads memory in sequence (twice as fast at 50,000 products as in the order they were built).
   */
  private listing(sort: SearchSort, dirs: readonly Direction[]): readonly Ranked[] {
    return this.state.listing(sort, (entries) =>
      entries
        .map((entry) => ({ entry, row: entry.row, values: sortValues(sort, entry, { tier: 0, score: 0 }) }))
        .sort((a, b) => compareKeys(dirs, a.values, a.entry.id, b.values, b.entry.id))
        .map(({ entry, row, values }) => ({ entry, row, values })),
    );
  }

  /** Text matches with their relevance; a query equal to a SKU or barcode pins that product first. */
  private textCandidates(text: string): Candidate[] {
    const state = this.state;
    const built = state.queries.build(text);
    let results: SearchResult[] = built ? state.index.search(built.strict) : [];
    if (results.length === 0 && built?.relaxed) results = state.index.search(built.relaxed);
    const found = results.flatMap((result) => {
      const entry = state.entries.get(result.id as string);
      return entry && built ? [{ entry, score: slotScore(result, built.slotTerms) }] : [];
    });
    const shares = aisleShares(found.map(({ entry, score }) => ({ category: entry.category, score })));
    const candidates = found.map(({ entry, score }) => ({
      entry,
      row: entry.row,
      tier: 0,
      score: score * (1 + AFFINITY_WEIGHT * (shares.get(entry.category) ?? 0)),
    }));
    const coded = state.productWithCode(text);
    if (!coded) return candidates;
    const scored = candidates.find((candidate) => candidate.entry === coded);
    return [
      { entry: coded, row: coded.row, tier: 1, score: scored?.score ?? 0 },
      ...candidates.filter((candidate) => candidate !== scored),
    ];
  }
}

/**
 * MiniSearch multiplies a score by the number of distinct query terms matched; with synonyms,
 * a product matching two spellings of one word would count twice. Undo that and count query
 * words (slots) instead: all of them for a strict query, those matched for a relaxed one.
 */
function slotScore(result: SearchResult, slotTerms: readonly ReadonlySet<string>[]): number {
  const raw = result.score / Math.max(1, result.queryTerms.length);
  const matched = slotTerms.filter((terms) => result.queryTerms.some((term) => terms.has(term))).length;
  return raw * Math.max(1, matched);
}

const rowOf = (item: { readonly row: number }): number => item.row;

function updatedAtMs(doc: SearchDoc): number {
  const ms = Date.parse(doc.updatedAt);
  return Number.isFinite(ms) ? ms : 0;
}
