import type { SearchDoc } from './product-search';
import { analyze, quantityNumber, type Token } from './text-analysis';

/**
 * What the index holds for one product, field by field, as analysed terms.
 *
 * `head` is the name's head noun: the last word that is not a quantity or a pack qualifier
 * (`Full Cream Milk 2L` → `milk`; `Milk Chocolate Block 180g` → `block`; `Royal Gala Apples` →
 * `apple`; `Apple Juice 2L` → `juice`). English noun phrases put the thing itself last and its
 * modifiers first, so a query word that is the head names what the product IS, and one that is
 * a modifier only names what it is made of or for. Indexing the head as its own field lets
 * BM25 add weight for "is a milk" over "contains milk", without hand-written rules per word.
 */
export const FIELDS = ['name', 'head', 'brand', 'size', 'category', 'tags'] as const;
export type Field = (typeof FIELDS)[number];

/**
 * Field weights: the name first; a head match on top of the name match; the brand next;
 * quantities, the aisle's name and tags lowest (they narrow a query, they rarely decide it).
 */
export const FIELD_BOOSTS: Readonly<Record<Field, number>> = {
  name: 3,
  head: 1.5,
  brand: 2,
  size: 1,
  category: 0.5,
  tags: 1,
};

/** Trailing words that qualify the product rather than name it (`... Value Pack 2`, `... Stage 3`). */
const NOT_A_HEAD = new Set(['value', 'pack', 'multipack', 'bulk', 'stage', 'step', 'size', 'share', 'family', 'jumbo']);

export type DocFields = Readonly<Record<Field, readonly string[]>>;

function headOf(tokens: readonly Token[]): string | undefined {
  for (let index = tokens.length - 1; index >= 0; index--) {
    const token = tokens[index]!;
    if (token.kind === 'word' && !NOT_A_HEAD.has(token.term)) return token.term;
  }
  return undefined;
}

/** The terms of each field of a product. A quantity also yields its bare number (`2l` and `2`). */
export function docFields(doc: SearchDoc): DocFields {
  const name = analyze(doc.name);
  const words = name.filter((token) => token.kind !== 'size').map((token) => token.term);
  const sizes = name
    .filter((token) => token.kind === 'size')
    .flatMap((token) => [token.term, quantityNumber(token.term)]);
  const head = headOf(name);
  return {
    name: words,
    head: head === undefined ? [] : [head],
    brand: analyze(doc.brand).map((token) => token.term),
    size: sizes,
    category: analyze(doc.categoryName).map((token) => token.term),
    tags: (doc.tags ?? []).flatMap((tag) => analyze(tag).map((token) => token.term)),
  };
}

/** Every distinct term of a product, for the vocabulary. */
export function distinctTerms(fields: DocFields): Set<string> {
  const terms = new Set<string>();
  for (const field of FIELDS) for (const term of fields[field]) terms.add(term);
  return terms;
}
