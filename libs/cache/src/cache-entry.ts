import { httpStatusOf, type ErrorBody } from '@gomart/contracts';

/**
 * What the cache stores for one key: the serialized response body, or an error that is
 * worth remembering briefly (a not-found, so a stream of requests for a missing product
 * does not each reach the database).
 */
export type CacheEntry =
  | { readonly json: string; readonly tags: readonly string[] }
  | { readonly error: ErrorBody; readonly tags: readonly string[] };

export type FoundEntry = Extract<CacheEntry, { json: string }>;

export function isNegative(entry: CacheEntry): entry is Extract<CacheEntry, { error: ErrorBody }> {
  return 'error' in entry;
}

export function isNegativelyCacheable(error: ErrorBody): boolean {
  return httpStatusOf[error.code] === 404;
}

export function hasAnyTag(entry: CacheEntry, tags: ReadonlySet<string>): boolean {
  return entry.tags.some((tag) => tags.has(tag));
}
