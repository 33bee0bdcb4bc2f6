import type { Filters } from './facets';
import { brandKey } from './index-state';
import { SEARCH_LIMIT_MAX, SEARCH_SORTS, type SearchQuery } from './product-search';
import { InvalidSearchQueryError } from './search-errors';

/** Longer text is not a shopper's query; it would only make a large query tree. */
export const MAX_QUERY_LENGTH = 256;

/**
 * The edge validates requests first (400 VALIDATION_FAILED); these checks keep the engine safe
 * when it is called from elsewhere, with the same error shape.
 */
export function validateQuery(query: SearchQuery): void {
  if (!(SEARCH_SORTS as readonly string[]).includes(query.sort)) {
    throw new InvalidSearchQueryError('sort', `sort must be one of ${SEARCH_SORTS.join(', ')}`);
  }
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > SEARCH_LIMIT_MAX) {
    throw new InvalidSearchQueryError('limit', `limit must be an integer from 1 to ${SEARCH_LIMIT_MAX}`);
  }
  if (query.q !== undefined && query.q.length > MAX_QUERY_LENGTH) {
    throw new InvalidSearchQueryError('q', `q must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  for (const field of ['minPriceCents', 'maxPriceCents'] as const) {
    const value = query[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new InvalidSearchQueryError(field, `${field} must be an integer >= 0`);
    }
  }
  if (
    query.minPriceCents !== undefined &&
    query.maxPriceCents !== undefined &&
    query.minPriceCents > query.maxPriceCents
  ) {
    throw new InvalidSearchQueryError('maxPriceCents', 'maxPriceCents must not be below minPriceCents');
  }
}

export function filtersOf(query: SearchQuery): Filters {
  return {
    category: query.category,
    brandKey: query.brand === undefined ? undefined : brandKey(query.brand),
    minPriceCents: query.minPriceCents,
    maxPriceCents: query.maxPriceCents,
    inStock: query.inStock === true,
  };
}
