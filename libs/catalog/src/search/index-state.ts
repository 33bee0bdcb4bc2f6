import MiniSearch from 'minisearch';
import { distinctTerms, docFields, FIELD_BOOSTS, FIELDS, type DocFields, type Field } from './doc-fields';
import type { Facetable } from './facets';
import type { Ranked } from './pagination';
import type { SearchDoc, SearchSort } from './product-search';
import { QueryBuilder } from './query-builder';
import type { Sortable } from './ranking';
import type { Thesaurus } from './synonyms';
import { compactCode, normalizeText } from './text-analysis';
import { Vocabulary } from './vocabulary';

/**
 * One generation of the index: MiniSearch's inverted index over the analysed fields, the
 * products' filter and sort data beside it (stock and popularity change there without touching
 * the inverted index), the exact-code table and the vocabulary. `replaceAll` builds a new
 * generation and swaps it in, so searches never see a half-built index.
 */

/** A product as held beside the inverted index. Stock and popularity are mutable in place. */
export interface Entry extends Facetable, Sortable {
  readonly doc: SearchDoc;
  stock: number;
  popularity: number;
  /** When this index last saw a change to the product's text, brand, aisle or price (ms). */
  changedAt: number;
  /** When its popularity last changed (ms); it moves the product within relevance ties. */
  popularityChangedAt: number;
}

interface IndexedDoc {
  readonly id: string;
  readonly fields: DocFields;
}

/** True when the two versions index and sort the same way (stock and updatedAt aside). */
export function sameText(a: SearchDoc, b: SearchDoc): boolean {
  return (
    a.name === b.name &&
    a.brand === b.brand &&
    a.category === b.category &&
    a.categoryName === b.categoryName &&
    a.sku === b.sku &&
    a.barcode === b.barcode &&
    (a.tags ?? []).join('\u0000') === (b.tags ?? []).join('\u0000')
  );
}

export function brandKey(brand: string): string {
  return normalizeText(brand).trim();
}

function newIndex(): MiniSearch<IndexedDoc> {
  return new MiniSearch<IndexedDoc>({
    fields: [...FIELDS],
    idField: 'id',
    storeFields: [],
    // Fields arrive analysed (see doc-fields.ts): a field is its terms joined by spaces.
    extractField: (doc, field) => (field === 'id' ? doc.id : doc.fields[field as Field].join(' ')),
    tokenize: (text) => (text === '' ? [] : text.split(' ')),
    processTerm: (term) => term,
    searchOptions: { boost: { ...FIELD_BOOSTS }, maxFuzzy: 2 },
    // MiniSearch 7 vacuums discarded documents by itself, in batches off the request path,
    // once at least 20 are discarded and they are 10% of the index (its defaults).
    autoVacuum: true,
  });
}

export class IndexState {
  readonly index = newIndex();
  readonly entries = new Map<string, Entry>();
  readonly vocabulary = new Vocabulary();
  readonly queries: QueryBuilder;
  /** Compacted SKUs and barcodes → product id. */
  private readonly codes = new Map<string, string>();
  /** Listings without text, presorted per sort; dropped when a name, price or membership changes. */
  private readonly listings = new Map<SearchSort, readonly Ranked[]>();

  constructor(thesaurus: Thesaurus) {
    this.queries = new QueryBuilder({ vocabulary: this.vocabulary, thesaurus });
  }

  get size(): number {
    return this.entries.size;
  }

  productWithCode(text: string): Entry | undefined {
    const id = this.codes.get(compactCode(text));
    return id === undefined ? undefined : this.entries.get(id);
  }

  /** Adds a product not in this generation, or replaces its text in the inverted index. */
  put(
    doc: SearchDoc,
    carried: { changedAt: number; stock?: number; popularity?: number; popularityChangedAt?: number },
  ): void {
    const previous = this.entries.get(doc.id);
    const fields = docFields(doc);
    if (previous) {
      this.forgetText(previous.doc);
      this.index.replace({ id: doc.id, fields });
    } else {
      this.index.add({ id: doc.id, fields });
    }
    this.vocabulary.add(distinctTerms(fields));
    for (const code of [doc.sku, doc.barcode]) if (code) this.codes.set(compactCode(code), doc.id);
    this.entries.set(doc.id, {
      doc,
      id: doc.id,
      category: doc.category,
      categoryName: doc.categoryName,
      brand: doc.brand,
      brandKey: brandKey(doc.brand),
      priceCents: doc.priceCents,
      nameKey: normalizeText(doc.name).replace(/\s+/g, ' ').trim(),
      stock: carried.stock ?? doc.stock,
      popularity: carried.popularity ?? previous?.popularity ?? 0,
      changedAt: carried.changedAt,
      popularityChangedAt: carried.popularityChangedAt ?? previous?.popularityChangedAt ?? 0,
    });
    this.listings.clear();
  }

  /** A new price (and the rest of the record) without re-indexing text. */
  reprice(entry: Entry, doc: SearchDoc, changedAt: number): void {
    this.entries.set(doc.id, { ...entry, doc, priceCents: doc.priceCents, stock: doc.stock, changedAt });
    this.listings.clear();
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.forgetText(entry.doc);
    this.index.discard(id);
    this.entries.delete(id);
    this.listings.clear();
  }

  /** Every product in `sort` order, computed once per generation of names and prices. */
  listing(sort: SearchSort, build: (entries: Entry[]) => readonly Ranked[]): readonly Ranked[] {
    let listing = this.listings.get(sort);
    if (!listing) {
      listing = build([...this.entries.values()]);
      this.listings.set(sort, listing);
    }
    return listing;
  }

  private forgetText(doc: SearchDoc): void {
    this.vocabulary.remove(distinctTerms(docFields(doc)));
    for (const code of [doc.sku, doc.barcode]) {
      if (code && this.codes.get(compactCode(code)) === doc.id) this.codes.delete(compactCode(code));
    }
  }
}
