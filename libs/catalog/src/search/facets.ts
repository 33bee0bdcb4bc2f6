import type { SearchFacets } from './product-search';

/**
 * Filters and disjunctive facets in one pass. Each facet counts the matches with every OTHER
 * filter applied: with `brand=Pura` chosen, the brand facet still shows how many of the other
 * brands' products match, so a shopper can switch brand; the aisle facet counts Pura's products
 * per aisle.
 *
 * A listing without text passes every product through here on every request. Reading price,
 * stock, aisle and brand from 50,000 product objects spread over the heap cost about 20 ms a
 * listing (cache misses); from the four number columns of a FacetTable, with aisles and
 * brands as small integers counted in typed arrays, it costs a few.
 */

export interface Filters {
  readonly category?: string;
  /** Normalised brand (see `brandKey`). */
  readonly brandKey?: string;
  readonly minPriceCents?: number;
  readonly maxPriceCents?: number;
  readonly inStock: boolean;
}

/** What a product's row holds: what filters and facets read. */
export interface FacetRow {
  readonly priceCents: number;
  readonly stock: number;
  readonly category: string;
  readonly categoryName: string;
  readonly brandKey: string;
  readonly brand: string;
}

/**
 * Filter and facet data of an index by row, column by column (contiguous number arrays, read
 * in a tight loop), with the aisles and brands numbered in the order first seen.
 */
export class FacetTable {
  readonly price: number[] = [];
  readonly stock: number[] = [];
  readonly category: number[] = [];
  readonly brand: number[] = [];
  readonly categoryIds: string[] = [];
  readonly categoryNames: string[] = [];
  readonly brandNames: string[] = [];
  private readonly categorySlots = new Map<string, number>();
  private readonly brandSlots = new Map<string, number>();
  private readonly freeRows: number[] = [];

  /** Writes a product's row: a new one, or `row` again. */
  write(values: FacetRow, row = this.freeRows.pop() ?? this.price.length): number {
    this.price[row] = values.priceCents;
    this.stock[row] = values.stock;
    this.category[row] = slot(this.categorySlots, values.category, () => {
      this.categoryIds.push(values.category);
      this.categoryNames.push(values.categoryName);
    });
    this.brand[row] = slot(this.brandSlots, values.brandKey, () => this.brandNames.push(values.brand));
    return row;
  }

  release(row: number): void {
    this.freeRows.push(row);
  }

  /** The slot of a filter value; -1 when no product has it. */
  findCategory(id: string): number {
    return this.categorySlots.get(id) ?? -1;
  }

  findBrand(key: string): number {
    return this.brandSlots.get(key) ?? -1;
  }
}

function slot(slots: Map<string, number>, key: string, register: () => void): number {
  let found = slots.get(key);
  if (found === undefined) {
    found = slots.size;
    slots.set(key, found);
    register();
  }
  return found;
}

export interface Filtered<T> {
  /** Candidates passing every filter, in the order given. */
  readonly matches: T[];
  readonly facets: SearchFacets;
}

/** Slots with a non-zero count, by count, then label (then slot, so the order is total). */
function ranked(counts: Int32Array, labels: readonly string[]): number[] {
  const slots: number[] = [];
  counts.forEach((count, slot) => {
    if (count > 0) slots.push(slot);
  });
  return slots.sort((a, b) => counts[b]! - counts[a]! || labels[a]!.localeCompare(labels[b]!, 'en') || a - b);
}

export function applyFilters<T>(
  candidates: Iterable<T>,
  rowOf: (candidate: T) => number,
  filters: Filters,
  table: FacetTable,
): Filtered<T> {
  const matches: T[] = [];
  const categoryCounts = new Int32Array(table.categoryIds.length);
  const brandCounts = new Int32Array(table.brandNames.length);
  const category = filters.category === undefined ? undefined : table.findCategory(filters.category);
  const brand = filters.brandKey === undefined ? undefined : table.findBrand(filters.brandKey);
  const min = filters.minPriceCents ?? -Infinity;
  const max = filters.maxPriceCents ?? Infinity;
  const { inStock } = filters;
  const { price, stock, category: categories, brand: brands } = table;
  for (const candidate of candidates) {
    const row = rowOf(candidate);
    const cents = price[row]!;
    if (cents < min || cents > max || (inStock && stock[row]! <= 0)) continue;
    const categorySlot = categories[row]!;
    const brandSlot = brands[row]!;
    const inCategory = category === undefined || categorySlot === category;
    const inBrand = brand === undefined || brandSlot === brand;
    if (inBrand) categoryCounts[categorySlot] = categoryCounts[categorySlot]! + 1;
    if (inCategory) brandCounts[brandSlot] = brandCounts[brandSlot]! + 1;
    if (inCategory && inBrand) matches.push(candidate);
  }
  return {
    matches,
    facets: {
      categories: ranked(categoryCounts, table.categoryNames).map((slot) => ({
        id: table.categoryIds[slot]!,
        count: categoryCounts[slot]!,
      })),
      brands: ranked(brandCounts, table.brandNames).map((slot) => ({
        name: table.brandNames[slot]!,
        count: brandCounts[slot]!,
      })),
    },
  };
}
