import type { SearchResult } from 'minisearch';
import type { Entry, IndexState } from './index-state';
import { AFFINITY_WEIGHT, aisleShares } from './ranking';

/** A product that matches a text query, with what ranks it. */
export interface Candidate {
  readonly entry: Entry;
  readonly row: number;
  /** 1 for the product whose SKU or barcode is the query, 0 for the others. */
  readonly tier: number;
  readonly score: number;
}

/**
 * The products matching a text, scored: MiniSearch's BM25 over the expanded query (every word;
 * if that finds nothing, any word), times the aisle affinity. A text equal to a SKU or barcode
 * pins that product first.
 */
export function textCandidates(state: IndexState, text: string): Candidate[] {
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
