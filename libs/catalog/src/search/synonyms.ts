import SYNONYM_DATA from './synonyms.json';
import { analyze, type Token } from './text-analysis';

/** The shape of synonyms.json (see its `$comment`). */
export interface SynonymData {
  readonly equivalent: readonly (readonly string[])[];
  readonly oneWay: readonly { readonly from: string; readonly to: readonly string[]; readonly exactWord?: boolean }[];
}

/** A phrase the query can be read as instead, as analysed terms. */
export type Variant = readonly Token[];

export interface SynonymMatch {
  readonly variants: readonly Variant[];
  /** The entry matched the words as written (no plural folding): search the original that way too. */
  readonly exactWord: boolean;
}

const phraseKey = (tokens: readonly Token[], form: 'term' | 'raw'): string =>
  tokens.map((token) => token[form]).join(' ');

/**
 * Synonyms compiled for lookup by analysed phrase: `Yogurts` and `yogurt` both find the entry
 * written `yogurt`. An entry that analysis already makes equal (`smiths` / `smith's`) is a
 * no-op, reported by {@link noOpEntries} and left out.
 */
export class Thesaurus {
  private readonly byTerms = new Map<string, Variant[]>();
  private readonly byRawWords = new Map<string, Variant[]>();
  /** The longest phrase that is a key, in words. */
  readonly maxPhraseLength: number;

  constructor(data: SynonymData) {
    for (const group of data.equivalent) {
      for (const from of group) this.add(from, group, false);
    }
    for (const entry of data.oneWay) this.add(entry.from, entry.to, entry.exactWord === true);
    const keys = [...this.byTerms.keys(), ...this.byRawWords.keys()];
    this.maxPhraseLength = Math.max(1, ...keys.map((key) => key.split(' ').length));
  }

  /** Synonyms of exactly these consecutive query tokens, if they are a key. */
  lookup(tokens: readonly Token[]): SynonymMatch | undefined {
    const exact = this.byRawWords.get(phraseKey(tokens, 'raw'));
    if (exact) return { variants: exact, exactWord: true };
    const folded = this.byTerms.get(phraseKey(tokens, 'term'));
    return folded ? { variants: folded, exactWord: false } : undefined;
  }

  private add(from: string, to: readonly string[], exactWord: boolean): void {
    const fromTokens = analyze(from);
    if (fromTokens.length === 0) return;
    const key = exactWord ? phraseKey(fromTokens, 'raw') : phraseKey(fromTokens, 'term');
    const table = exactWord ? this.byRawWords : this.byTerms;
    const variants = table.get(key) ?? [];
    const known = new Set([phraseKey(fromTokens, 'term'), ...variants.map((variant) => phraseKey(variant, 'term'))]);
    for (const phrase of to) {
      const tokens = analyze(phrase);
      const variantKey = phraseKey(tokens, 'term');
      if (tokens.length === 0 || known.has(variantKey)) continue;
      known.add(variantKey);
      variants.push(tokens);
    }
    if (variants.length > 0) table.set(key, variants);
  }
}

/** Entries of `data` whose every variant analysis already makes equal to the key. */
export function noOpEntries(data: SynonymData): string[] {
  const entries = [
    ...data.equivalent.flatMap((group) => group.map((from) => ({ from, to: group.filter((other) => other !== from) }))),
    ...data.oneWay,
  ];
  const terms = (text: string) => phraseKey(analyze(text), 'term');
  return entries.filter(({ from, to }) => to.every((phrase) => terms(phrase) === terms(from))).map(({ from }) => from);
}

/** The shop's synonyms, from synonyms.json. */
export const SHOP_SYNONYMS: SynonymData = SYNONYM_DATA;
