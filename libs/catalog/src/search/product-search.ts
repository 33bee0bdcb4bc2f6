/**
 * The catalog's search port. The default adapter is an in-process index
 * (MiniSearchProductSearch); past the size where an index fits a task, an OpenSearch adapter
 * implements the same interface, which is why every method is async.
 */

/** One product as the search index sees it: what is searched, filtered, faceted and sorted on. */
export interface SearchDoc {
  readonly id: string;
  readonly sku: string;
  readonly barcode?: string;
  readonly name: string;
  readonly brand: string;
  /** The aisle id, e.g. `dairy-eggs`. */
  readonly category: string;
  /** The aisle's display name, e.g. `Dairy & Eggs`; searched with a low weight. */
  readonly categoryName: string;
  readonly tags?: readonly string[];
  readonly priceCents: number;
  /** Units available to order; `inStock` means stock > 0. */
  readonly stock: number;
  /** ISO-8601 time of the product's last change (the products table's `updatedAt`). */
  readonly updatedAt: string;
}

export const SEARCH_SORTS = ['relevance', 'price-asc', 'price-desc', 'name'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_LIMIT_MAX = 100;

export interface SearchQuery {
  /** Free text. Absent or blank: a listing (filters and sort only). */
  readonly q?: string;
  /** Aisle id. */
  readonly category?: string;
  /** Brand name, compared without case or accents. */
  readonly brand?: string;
  /** Inclusive bounds on `priceCents`. */
  readonly minPriceCents?: number;
  readonly maxPriceCents?: number;
  /** true: only products with stock > 0. false or absent: no stock filter. */
  readonly inStock?: boolean;
  /** `relevance` without `q` lists by name. */
  readonly sort: SearchSort;
  /** Page size, 1 to {@link SEARCH_LIMIT_MAX}. */
  readonly limit: number;
  /** A `nextCursor` from an earlier page of this same query. */
  readonly cursor?: string;
}

export interface SearchFacets {
  /** Matches per aisle with every filter but `category` applied; by count, then aisle name. */
  readonly categories: readonly { readonly id: string; readonly count: number }[];
  /** Matches per brand with every filter but `brand` applied; by count, then brand name. */
  readonly brands: readonly { readonly name: string; readonly count: number }[];
}

export interface SearchPage {
  /** Product ids of this page, best first. */
  readonly ids: readonly string[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** Products matching the query and all its filters, over all pages. */
  readonly total: number;
  readonly facets: SearchFacets;
}

/** Called during `replaceAll` with the number of products indexed so far and the total. */
export type IndexProgress = (indexed: number, total: number) => void;

export interface ProductSearch {
  /** Replaces the whole index with these products (the build at start, or a full resync). */
  replaceAll(docs: Iterable<SearchDoc> | readonly SearchDoc[], onProgress?: IndexProgress): Promise<void>;
  /** Adds a product or replaces its previous version. */
  upsert(doc: SearchDoc): Promise<void>;
  /** Removes a product; unknown ids are ignored (removals may be delivered twice). */
  remove(id: string): Promise<void>;
  /** Sets available units without re-indexing text. Unknown ids are ignored. */
  setStock(id: string, stock: number): Promise<void>;
  /** Units sold recently: breaks ties between equally relevant products. Unknown ids are ignored. */
  setPopularity(id: string, unitsSold: number): Promise<void>;
  /** Number of products in the index. */
  readonly size: number;
  /** Throws InvalidCursorError for a cursor this index did not issue for this query. */
  search(query: SearchQuery): Promise<SearchPage>;
}
