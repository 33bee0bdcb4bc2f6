/**
 * Catalog search matches word prefixes of a product's name and brand, ignoring case and
 * accents: "greek yog" finds "Chobani Greek Yoghurt". Every word of two or more letters is
 * indexed under its first two letters, so a search reads only the index entries that start
 * with its most selective word (see DynamoProductRepository.search).
 */
export const MIN_WORD_LENGTH = 2;

const SEPARATORS = /[^\p{L}\p{N}]+/u;

export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Distinct indexable words of a product, sorted. */
export function productWords(name: string, brand: string): string[] {
  const words = normalizeText(`${name} ${brand}`)
    .split(SEPARATORS)
    .filter((word) => [...word].length >= MIN_WORD_LENGTH);
  return [...new Set(words)].sort();
}

/** Words of a search query that can match (short fragments cannot, and are dropped). */
export function queryTokens(query: string): string[] {
  return [...new Set(normalizeText(query).split(SEPARATORS))].filter((token) => [...token].length >= MIN_WORD_LENGTH);
}

/** The partition of the search index holding words that start like this one. */
export function indexPrefix(word: string): string {
  return [...word].slice(0, MIN_WORD_LENGTH).join('');
}

/** True when every token starts some word of the product. */
export function matchesAll(tokens: readonly string[], words: readonly string[]): boolean {
  return tokens.every((token) => words.some((word) => word.startsWith(token)));
}

/**
 * The token that drives the index read: the one with the fewest index entries (`counts`,
 * from the index's word counts), so the read meets matches soonest. Ties (and no counts)
 * resolve to the longest, then alphabetically, so a query always reads the same partition.
 */
export function drivingToken(tokens: readonly string[], counts?: ReadonlyMap<string, number>): string | undefined {
  const count = (token: string) => counts?.get(token) ?? 0;
  return [...tokens].sort((a, b) => count(a) - count(b) || b.length - a.length || a.localeCompare(b))[0];
}

/** The index partition holding how many products have each word of an index partition. */
export function wordCountPartition(prefix: string): string {
  return `#words:${prefix}`;
}

/** Words of `words` that are not in `keep`. */
export function without(words: readonly string[], keep: readonly string[]): string[] {
  const kept = new Set(keep);
  return words.filter((word) => !kept.has(word));
}

/** The changes to word counts when a product's words go from `before` to `after`. */
export function wordCountChanges(before: readonly string[], after: readonly string[]): Map<string, number> {
  return new Map([
    ...without(after, before).map((word): [string, number] => [word, 1]),
    ...without(before, after).map((word): [string, number] => [word, -1]),
  ]);
}

/**
 * A product with two words sharing the driving token's prefix ("milk", "milky") has two
 * index entries that match; it is returned only at the first, so pages never repeat it.
 */
export function isFirstMatch(word: string, token: string, words: readonly string[]): boolean {
  return words.find((candidate) => candidate.startsWith(token)) === word;
}
