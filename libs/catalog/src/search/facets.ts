import type { SearchFacets } from './product-search';

/**
 * Filters and disjunctive facets in one pass. Each facet counts the matches with every OTHER
 * filter applied: with `brand=Pura` chosen, the brand facet still shows how many of the other
 * brands' products match, so a shopper can switch brand; the aisle facet counts Pura's products
 * per aisle.
 */

export interface Filters {
  readonly category?: string;
  /** Normalised brand (see `brandKey`). */
  readonly brandKey?: string;
  readonly minPriceCents?: number;
  readonly maxPriceCents?: number;
  readonly inStock: boolean;
}

/** What filtering and faceting need to know about a product. */
export interface Facetable {
  readonly category: string;
  readonly categoryName: string;
  readonly brand: string;
  readonly brandKey: string;
  readonly priceCents: number;
  readonly stock: number;
}

export interface Filtered<T> {
  /** Candidates passing every filter, in the order given. */
  readonly matches: T[];
  readonly facets: SearchFacets;
}

interface Tally {
  label: string;
  count: number;
}

function bump(tallies: Map<string, Tally>, key: string, label: string): void {
  const tally = tallies.get(key);
  if (tally) tally.count += 1;
  else tallies.set(key, { label, count: 1 });
}

function byCountThenLabel(tallies: Map<string, Tally>): [string, Tally][] {
  return [...tallies].sort(
    ([keyA, a], [keyB, b]) => b.count - a.count || a.label.localeCompare(b.label, 'en') || (keyA < keyB ? -1 : 1),
  );
}

export function applyFilters<T>(
  candidates: Iterable<T>,
  filters: Filters,
  facetable: (candidate: T) => Facetable,
): Filtered<T> {
  const matches: T[] = [];
  const categories = new Map<string, Tally>();
  const brands = new Map<string, Tally>();
  const { category, brandKey, minPriceCents, maxPriceCents, inStock } = filters;
  for (const candidate of candidates) {
    const product = facetable(candidate);
    const inPrice =
      (minPriceCents === undefined || product.priceCents >= minPriceCents) &&
      (maxPriceCents === undefined || product.priceCents <= maxPriceCents);
    if (!inPrice || (inStock && product.stock <= 0)) continue;
    const inCategory = category === undefined || product.category === category;
    const inBrand = brandKey === undefined || product.brandKey === brandKey;
    if (inBrand) bump(categories, product.category, product.categoryName);
    if (inCategory) bump(brands, product.brandKey, product.brand);
    if (inCategory && inBrand) matches.push(candidate);
  }
  return {
    matches,
    facets: {
      categories: byCountThenLabel(categories).map(([id, { count }]) => ({ id, count })),
      brands: byCountThenLabel(brands).map(([, { label, count }]) => ({ name: label, count })),
    },
  };
}
