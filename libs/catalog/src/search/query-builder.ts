import type { Query } from 'minisearch';
import { stemPlural } from './plural-stemmer';
import type { Thesaurus } from './synonyms';
import { analyze, type Token } from './text-analysis';
import type { Vocabulary } from './vocabulary';

/**
 * Turns a shopper's text into a MiniSearch query tree: an AND over the query's words, each an
 * OR over the ways it can be read. A word can be read as itself (with prefix matching if it is
 * the last word typed, with typo tolerance if the catalog has no such word), as its synonyms,
 * as two catalog words it joins (`icecream` → `ice cream`), as the one catalog word it and the
 * next word split (`tooth paste` → `toothpaste`), or with two letters swapped (`mlik` → `milk`,
 * which Levenshtein distance counts as two edits).
 */

/** Typo tolerance: about one edit per five letters, none below four letters. */
export const FUZZINESS = 0.2;
const MIN_FUZZY_LENGTH = 4;
/** A prefix of one character matches too much to be useful while typing. */
const MIN_PREFIX_LENGTH = 2;
/** Reading a word as its synonym weighs a little less than reading it as written. */
const SYNONYM_WEIGHT = 0.9;
/** MiniSearch's own weight for a fuzzy match at distance one, for swapped letters. */
const FUZZY_WEIGHT = 0.45;

/** Dropped from a query unless nothing else is left; the catalog never needs them to match. */
const STOP_WORDS = new Set(['and', 'the', 'of', 'with', 'for', 'in', 'an', 'or']);

interface Alternative {
  readonly tokens: readonly Token[];
  readonly weight: number;
  /** The reading as typed: may use prefix and fuzzy matching. Synonyms and rewrites match exactly. */
  readonly asTyped: boolean;
  /** Search the words unstemmed (an exact-word synonym key such as `sweets`). */
  readonly unstemmed?: boolean;
}

type Slot = readonly Alternative[];

export interface TextQuery {
  /** Every word must match (in one of its readings). */
  readonly strict: Query;
  /** Any word may match: tried when the strict query finds nothing; absent for one-word queries. */
  readonly relaxed?: Query;
  /** The leaf terms of each slot (a query word or phrase), to count how many slots a result matched. */
  readonly slotTerms: readonly ReadonlySet<string>[];
}

export interface QueryContext {
  readonly vocabulary: Vocabulary;
  readonly thesaurus: Thesaurus;
}

export class QueryBuilder {
  constructor(private readonly context: QueryContext) {}

  /** The query for this text, or undefined when it has no searchable word. */
  build(text: string): TextQuery | undefined {
    const tokens = withoutStopWords(analyze(text));
    if (tokens.length === 0) return undefined;
    const typing = !/\s$/.test(text);
    const slots = this.slots(tokens);
    const lastToken = tokens[tokens.length - 1]!;
    const leafFor = (token: Token, alternative: Alternative): Query =>
      this.leaf(token, alternative, typing && alternative.asTyped && token === lastToken);
    const slotQueries = slots.map((slot) => ({
      combineWith: 'OR' as const,
      queries: slot.map((alternative) =>
        combine(
          'AND',
          alternative.tokens.map((token) => leafFor(token, alternative)),
        ),
      ),
    }));
    return {
      strict: { combineWith: 'AND', queries: slotQueries },
      relaxed: slotQueries.length > 1 ? { combineWith: 'OR', queries: slotQueries } : undefined,
      slotTerms: slots.map(
        (slot) =>
          new Set(slot.flatMap((alternative) => alternative.tokens.map((token) => leafTerm(token, alternative)))),
      ),
    };
  }

  /** Groups tokens into slots: a synonym phrase or a pair that joins into one word is one slot. */
  private slots(tokens: readonly Token[]): Slot[] {
    const slots: Slot[] = [];
    for (let start = 0; start < tokens.length;) {
      const phrase = this.synonymSlot(tokens, start);
      if (phrase) {
        slots.push(phrase.slot);
        start += phrase.length;
        continue;
      }
      const joined = this.joinedSlot(tokens, start);
      if (joined) {
        slots.push(joined);
        start += 2;
        continue;
      }
      slots.push(this.wordSlot(tokens[start]!));
      start += 1;
    }
    return slots;
  }

  private synonymSlot(tokens: readonly Token[], start: number): { slot: Slot; length: number } | undefined {
    const longest = Math.min(this.context.thesaurus.maxPhraseLength, tokens.length - start);
    for (let length = longest; length >= 1; length--) {
      const phrase = tokens.slice(start, start + length);
      const match = this.context.thesaurus.lookup(phrase);
      if (!match) continue;
      const asTyped: Alternative = { tokens: phrase, weight: 1, asTyped: true, unstemmed: match.exactWord };
      const synonyms = match.variants.map((variant): Alternative => ({
        tokens: variant,
        weight: SYNONYM_WEIGHT,
        asTyped: false,
      }));
      const rewrites = length === 1 ? this.rewrites(phrase[0]!) : [];
      return { slot: [asTyped, ...synonyms, ...rewrites], length };
    }
    return undefined;
  }

  /**
   * `tooth paste` → also `toothpaste`, `blue berries` → also `blueberry`, `spf 50` → also
   * `spf50`, when the catalog has that word.
   */
  private joinedSlot(tokens: readonly Token[], start: number): Slot | undefined {
    const first = tokens[start];
    const second = tokens[start + 1];
    if (first?.kind !== 'word' || second === undefined || second.kind === 'size') return undefined;
    const joined = stemPlural(first.raw + second.raw);
    if (!this.context.vocabulary.has(joined)) return undefined;
    return [
      { tokens: [first, second], weight: 1, asTyped: true },
      { tokens: [{ term: joined, kind: 'word', raw: joined }], weight: 1, asTyped: false },
    ];
  }

  private wordSlot(token: Token): Slot {
    return [{ tokens: [token], weight: 1, asTyped: true }, ...this.rewrites(token)];
  }

  /** Readings of a word the catalog does not have: split in two catalog words, or two letters swapped. */
  private rewrites(token: Token): Alternative[] {
    const { vocabulary } = this.context;
    if (token.kind !== 'word' || vocabulary.has(token.term)) return [];
    const split = bestSplit(token.term, vocabulary);
    const swaps =
      token.term.length >= MIN_FUZZY_LENGTH ? transpositions(token.term).filter((swap) => vocabulary.has(swap)) : [];
    const swapWeight = (FUZZY_WEIGHT * token.term.length) / (token.term.length + 1);
    return [
      ...(split
        ? [{ tokens: split.map((term): Token => ({ term, kind: 'word', raw: term })), weight: 1, asTyped: false }]
        : []),
      ...swaps.map((term): Alternative => ({
        tokens: [{ term, kind: 'word', raw: term }],
        weight: swapWeight,
        asTyped: false,
      })),
    ];
  }

  /**
   * A reading of several words shares its weight among them: `lollies` read as `jelly bean`
   * must not outscore the product that is called lollies just because two words matched.
   */
  private leaf(token: Token, alternative: Alternative, isLastTyped: boolean): Query {
    const term = leafTerm(token, alternative);
    const prefix = isLastTyped && term.length >= MIN_PREFIX_LENGTH;
    const fuzzy = alternative.asTyped && this.mayBeTypo(token, term, prefix) ? FUZZINESS : false;
    const weight = alternative.weight / alternative.tokens.length;
    return { combineWith: 'OR', queries: [term], prefix, fuzzy, boostTerm: () => weight };
  }

  /**
   * Only a word the catalog does not know (nor, while it is being typed, any word it starts)
   * is corrected: `rice` is not fuzzed into `ice`, nor `milk` into `silk`. Quantities and
   * numbers are never fuzzed: `500g` is not `600g`.
   */
  private mayBeTypo(token: Token, term: string, prefix: boolean): boolean {
    if (token.kind !== 'word' || term.length < MIN_FUZZY_LENGTH || /\d/.test(term)) return false;
    const { vocabulary } = this.context;
    return !vocabulary.has(term) && !(prefix && vocabulary.extends(term));
  }
}

function leafTerm(token: Token, alternative: Alternative): string {
  return alternative.unstemmed ? token.raw : token.term;
}

function combine(combineWith: 'AND' | 'OR', queries: Query[]): Query {
  return queries.length === 1 ? queries[0]! : { combineWith, queries };
}

function withoutStopWords(tokens: readonly Token[]): Token[] {
  const kept = tokens.filter((token) => !STOP_WORDS.has(token.raw));
  return kept.length > 0 ? kept : [...tokens];
}

/** The split into two catalog words with the most even halves (`icecream` → `ice` + `cream`). */
function bestSplit(term: string, vocabulary: Vocabulary): [string, string] | undefined {
  let best: [string, string] | undefined;
  for (let cut = 1; cut < term.length; cut++) {
    const left = term.slice(0, cut);
    const right = stemPlural(term.slice(cut));
    if (!vocabulary.has(left) || !vocabulary.has(right)) continue;
    if (!best || Math.min(left.length, right.length) > Math.min(best[0].length, best[1].length)) best = [left, right];
  }
  return best;
}

/** Every spelling with two adjacent letters swapped. */
function transpositions(term: string): string[] {
  const letters = [...term];
  const swaps: string[] = [];
  for (let index = 0; index + 1 < letters.length; index++) {
    if (letters[index] === letters[index + 1]) continue;
    const swapped = [...letters];
    [swapped[index], swapped[index + 1]] = [swapped[index + 1]!, swapped[index]!];
    swaps.push(swapped.join(''));
  }
  return swaps;
}
