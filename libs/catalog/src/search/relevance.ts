import type { ProductSearch, SearchDoc } from './product-search';

/**
 * Measures a ProductSearch against a relevance set (relevance-set.json): shopper queries with
 * the products a person would want among the first results. Any adapter can be measured, so
 * a change of engine or of tuning shows what it wins and loses.
 */

/** Matches a product when all given fields do. */
export interface ProductMatcher {
  readonly id?: string;
  /** Case-insensitive regular expression on the name. */
  readonly name?: string;
  /** Exact brand, ignoring case. */
  readonly brand?: string;
  readonly category?: string;
}

export interface RelevanceCase {
  readonly q: string;
  readonly why?: string;
  /** Each must match some product within the first `within` results. */
  readonly expect: readonly ProductMatcher[];
  /** None may match a product within the first `within` results. */
  readonly notInTop?: readonly ProductMatcher[];
  /** Defaults to 5. */
  readonly within?: number;
}

export interface RelevanceSet {
  readonly catalogSize: number;
  readonly cases: readonly RelevanceCase[];
}

export interface RelevanceFailure {
  readonly q: string;
  readonly why?: string;
  readonly reason: string;
  /** The first results, as `brand | name`. */
  readonly top: readonly string[];
}

export interface RelevanceReport {
  /** Share of cases whose expectations are met within their `within` (5 unless said). */
  readonly successAt5: number;
  /** Mean reciprocal rank of the first expected product within the first 10 results (0 if none). */
  readonly mrr: number;
  readonly failures: readonly RelevanceFailure[];
  /** Cases that answered nothing at all. */
  readonly empty: readonly string[];
}

const DEFAULT_WITHIN = 5;
const MRR_DEPTH = 10;

function matcherTest(matcher: ProductMatcher): (doc: SearchDoc) => boolean {
  const name = matcher.name === undefined ? undefined : new RegExp(matcher.name, 'i');
  const brand = matcher.brand?.toLowerCase();
  return (doc) =>
    (matcher.id === undefined || doc.id === matcher.id) &&
    (name === undefined || name.test(doc.name)) &&
    (brand === undefined || doc.brand.toLowerCase() === brand) &&
    (matcher.category === undefined || doc.category === matcher.category);
}

function describeMatcher(matcher: ProductMatcher): string {
  return Object.entries(matcher)
    .map(([field, value]) => `${field}=${String(value)}`)
    .join(' ');
}

function judge(testCase: RelevanceCase, results: readonly SearchDoc[]): { reason?: string; reciprocalRank: number } {
  const within = results.slice(0, testCase.within ?? DEFAULT_WITHIN);
  const expected = testCase.expect.map((matcher) => ({ matcher, test: matcherTest(matcher) }));
  const firstHit = results.slice(0, MRR_DEPTH).findIndex((doc) => expected.some(({ test }) => test(doc)));
  const reciprocalRank = firstHit < 0 ? 0 : 1 / (firstHit + 1);
  const missing = expected.find(({ test }) => !within.some(test));
  if (missing) return { reason: `no ${describeMatcher(missing.matcher)} within ${within.length}`, reciprocalRank };
  const unwanted = (testCase.notInTop ?? []).find((matcher) => within.some(matcherTest(matcher)));
  if (unwanted) return { reason: `${describeMatcher(unwanted)} within ${within.length}`, reciprocalRank };
  return { reciprocalRank };
}

/**
 * Runs every case as a relevance search and scores it. `lookup` gives the product behind an id
 * (the engine answers ids only).
 */
export async function evaluateRelevance(
  search: ProductSearch,
  set: RelevanceSet,
  lookup: (id: string) => SearchDoc | undefined,
): Promise<RelevanceReport> {
  const failures: RelevanceFailure[] = [];
  const empty: string[] = [];
  let successes = 0;
  let reciprocalRanks = 0;
  for (const testCase of set.cases) {
    const page = await search.search({ q: testCase.q, sort: 'relevance', limit: MRR_DEPTH });
    const results = page.ids.flatMap((id) => lookup(id) ?? []);
    if (results.length === 0) empty.push(testCase.q);
    const { reason, reciprocalRank } = judge(testCase, results);
    reciprocalRanks += reciprocalRank;
    if (reason === undefined) {
      successes += 1;
    } else {
      const top = results.slice(0, DEFAULT_WITHIN).map((doc) => `${doc.brand} | ${doc.name}`);
      failures.push({ q: testCase.q, why: testCase.why, reason, top });
    }
  }
  const count = Math.max(1, set.cases.length);
  return { successAt5: successes / count, mrr: reciprocalRanks / count, failures, empty };
}
