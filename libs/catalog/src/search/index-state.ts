import MiniSearch from 'minisearch';
import { distinctTerms, docFields, FIELD_BOOSTS, FIELDS, type DocFields, type Field } from './doc-fields';
import { FacetTable } from './facets';
import { Listings } from './listings';
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

/**
 * A product as held beside the inverted index. Changes that need no re-indexing are made in
 * place: popularity here, a new price here and in the facet table (moving the product in the
 * presorted listings), stock in the facet table only.
 */
export interface Entry extends Sortable {
  doc: SearchDoc;
  readonly category: string;
  /** The product's row in the index's FacetTable. */
  readonly row: number;
  priceCents: number;
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

function ownCopy(doc: SearchDoc): SearchDoc {
  return doc.tags === undefined ? { ...doc } : { ...doc, tags: [...doc.tags] };
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
    // Products are removed exactly (see unindex), never discarded, so there is nothing to vacuum.
    autoVacuum: false,
  });
}

export class IndexState {
  readonly index = newIndex();
  readonly entries = new Map<string, Entry>();
  readonly vocabulary = new Vocabulary();
  readonly queries: QueryBuilder;
  readonly facets = new FacetTable();
  /** Compacted SKUs and barcodes → product id. */
  private readonly codes = new Map<string, string>();
  private readonly listings = new Listings();

  constructor(thesaurus: Thesaurus) {
    this.queries = new QueryBuilder({ vocabulary: this.vocabulary, thesaurus });
  }

  get size(): number {
    return this.entries.size;
  }

  stockOf(entry: Entry): number {
    return this.facets.stock[entry.row] ?? 0;
  }

  setStock(id: string, stock: number): void {
    const entry = this.entries.get(id);
    if (entry) this.facets.stock[entry.row] = stock;
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
    if (previous) {
      this.unindex(previous.doc);
      this.listings.remove(previous);
    }
    // Our own copy: removal re-analyses it and must meet exactly the terms that were added.
    doc = ownCopy(doc);
    const fields = docFields(doc);
    this.index.add({ id: doc.id, fields });
    this.vocabulary.add(distinctTerms(fields));
    for (const code of [doc.sku, doc.barcode]) if (code) this.codes.set(compactCode(code), doc.id);
    const row = this.facets.write(
      { ...doc, brandKey: brandKey(doc.brand), stock: carried.stock ?? doc.stock },
      previous?.row,
    );
    const entry: Entry = {
      doc,
      id: doc.id,
      category: doc.category,
      row,
      priceCents: doc.priceCents,
      nameKey: normalizeText(doc.name).replace(/\s+/g, ' ').trim(),
      popularity: carried.popularity ?? previous?.popularity ?? 0,
      changedAt: carried.changedAt,
      popularityChangedAt: carried.popularityChangedAt ?? previous?.popularityChangedAt ?? 0,
    };
    this.entries.set(doc.id, entry);
    this.listings.insert(entry);
  }

  /** A new version whose text is the same: new price and stock without re-indexing. */
  update(entry: Entry, doc: SearchDoc, changedAt: number): void {
    const repriced = entry.priceCents !== doc.priceCents;
    entry.doc = ownCopy(doc);
    this.facets.price[entry.row] = doc.priceCents;
    this.facets.stock[entry.row] = doc.stock;
    if (!repriced) return;
    this.listings.remove(entry);
    entry.priceCents = doc.priceCents;
    entry.changedAt = changedAt;
    this.listings.insert(entry);
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.unindex(entry.doc);
    this.entries.delete(id);
    this.facets.release(entry.row);
    this.listings.remove(entry);
  }

  /** Every product in `sort` order (name or price). */
  listing(sort: SearchSort): readonly Ranked[] {
    return this.listings.get(sort, () => this.entries.values());
  }

  /**
   * Takes a product's terms out of the inverted index. MiniSearch's `discard` would be
   * cheaper to call, but it leaves the postings behind until a vacuum, and a search that
   * meets them counts the discarded product in a term's document frequency for the products
   * scored before it and not for those after: equal products then score unequally and swap
   * places between two page reads. `remove` with the same analysed fields (analysis is
   * deterministic) leaves no dirt, so there is nothing to vacuum.
   */
  private unindex(doc: SearchDoc): void {
    const fields = docFields(doc);
    this.index.remove({ id: doc.id, fields });
    this.vocabulary.remove(distinctTerms(fields));
    for (const code of [doc.sku, doc.barcode]) {
      if (code && this.codes.get(compactCode(code)) === doc.id) this.codes.delete(compactCode(code));
    }
  }
}
