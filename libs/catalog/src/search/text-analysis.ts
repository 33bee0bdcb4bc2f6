import { stemPlural } from './plural-stemmer';

/**
 * Turns product text and queries into the same terms, so that what a shopper types meets what
 * the catalog says:
 * - case, accents and full-width forms fold away (`Crème` → `creme`, `ＡＢＣ` → `abc`), but
 *   marks that change a Japanese or Korean word are kept;
 * - an apostrophe inside a word disappears (`Smith's` → `smiths`, stemmed to `smith`, which is
 *   also what `smiths` and `smith` become);
 * - nothing is dropped for being short: `stage 3`, `a2`, `aa`, `v` are all terms;
 * - a quantity is one term whatever its spelling: `2L`, `2 l`, `2 litres` → `2l`; `12pk`,
 *   `12 pack` → `12pack`; `1.25L` stays one term;
 * - Chinese, Japanese, Korean and Thai runs are cut into words by the platform's segmenter;
 * - plurals are reduced by {@link stemPlural}.
 */

export type TokenKind = 'word' | 'number' | 'size';

export interface Token {
  /** The indexed form: stemmed word, canonical number or quantity. */
  readonly term: string;
  readonly kind: TokenKind;
  /** The word(s) as written, normalised but not stemmed. */
  readonly raw: string;
}

/** Unit spellings (lower case) to the unit a quantity term is written with. */
const UNITS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    l: ['l', 'lt', 'ltr', 'ltrs', 'litre', 'litres', 'liter', 'liters'],
    ml: ['ml', 'mls', 'millilitre', 'millilitres', 'milliliter', 'milliliters'],
    g: ['g', 'gm', 'gms', 'gr', 'gram', 'grams', 'gramme', 'grammes'],
    kg: ['kg', 'kgs', 'kilo', 'kilos', 'kilogram', 'kilograms'],
    pack: ['pack', 'packs', 'pk', 'pkt', 'pkts'],
    m: ['m', 'metre', 'metres', 'meter', 'meters'],
  }).flatMap(([unit, spellings]) => spellings.map((spelling): [string, string] => [spelling, unit])),
);

const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u0060\u00B4]/g;
const COMBINING_DIACRITICS = /[\u0300-\u036f]/g;
/** A number (with an optional decimal part) with letters glued on, or a run of letters and digits. */
const WORD = /\p{N}+(?:\.\p{N}+)?[\p{L}\p{N}]*|[\p{L}\p{N}]+/gu;
const NEEDS_SEGMENTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const NUMBER = /^\d+(?:\.\d+)?$/;
const GLUED_QUANTITY = /^(\d+(?:\.\d+)?)([a-z]+)$/;

let segmenter: Intl.Segmenter | undefined;

/** Lower case, without accents or compatibility forms; apostrophes inside words removed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_DIACRITICS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(/(?<=[\p{L}\p{N}])'(?=\p{L})/gu, '');
}

/** Raw words of normalised text, before quantities are joined and plurals reduced. */
export function splitWords(normalized: string): string[] {
  if (!NEEDS_SEGMENTER.test(normalized)) return normalized.match(WORD) ?? [];
  segmenter ??= new Intl.Segmenter('en', { granularity: 'word' });
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (isWordLike) words.push(...(segment.match(WORD) ?? []));
  }
  return words;
}

/** `1.50` → `1.5`, so a quantity has one spelling; integers keep their digits (SKU parts, barcodes). */
function canonicalNumber(digits: string): string {
  return digits.includes('.') ? String(Number(digits)) : digits;
}

function quantity(digits: string, unitSpelling: string): string | undefined {
  const unit = UNITS.get(unitSpelling);
  return unit === undefined ? undefined : `${canonicalNumber(digits)}${unit}`;
}

function classify(word: string): Token {
  if (NUMBER.test(word)) return { term: canonicalNumber(word), kind: 'number', raw: word };
  const glued = GLUED_QUANTITY.exec(word);
  const size = glued && quantity(glued[1]!, glued[2]!);
  if (size) return { term: size, kind: 'size', raw: word };
  return { term: stemPlural(word), kind: 'word', raw: word };
}

/** The terms of a text, in order. */
export function analyze(text: string): Token[] {
  const words = splitWords(normalizeText(text));
  const tokens: Token[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const next = words[index + 1];
    const joined = NUMBER.test(word) && next !== undefined ? quantity(word, next) : undefined;
    if (joined) {
      tokens.push({ term: joined, kind: 'size', raw: `${word} ${next}` });
      index += 1;
    } else {
      tokens.push(classify(word));
    }
  }
  return tokens;
}

/** The number in a quantity term: `2l` → `2`, so `milk 2` (typing) meets `Milk 2L`. */
export function quantityNumber(sizeTerm: string): string {
  return /^\d+(?:\.\d+)?/.exec(sizeTerm)?.[0] ?? sizeTerm;
}

/** A code as typed or printed (`DE-000010`, `de 000010`, `9 300000 00000 1`) → `de000010`. */
export function compactCode(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}
