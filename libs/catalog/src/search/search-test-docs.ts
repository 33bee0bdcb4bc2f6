import type { SearchDoc } from './product-search';

/** Test support: a product to search, with defaults for what a test does not care about. */
export function searchDoc(fields: Partial<SearchDoc> & Pick<SearchDoc, 'id' | 'name'>): SearchDoc {
  return {
    sku: fields.id.toUpperCase(),
    brand: 'Go Mart',
    category: 'pantry',
    categoryName: 'Pantry',
    priceCents: 500,
    stock: 10,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

/** A clock for tests: time moves only when told. */
export class TestClock {
  constructor(private ms = Date.parse('2026-06-01T00:00:00.000Z')) {}

  readonly now = (): number => this.ms;

  advance(ms = 1): void {
    this.ms += ms;
  }

  iso(): string {
    return new Date(this.ms).toISOString();
  }
}
