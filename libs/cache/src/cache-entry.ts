import { createHash } from 'node:crypto';
import { httpStatusOf, type ErrorBody } from '@gomart/contracts';

/**
 * What the cache stores for one key: the serialized response body with its HTTP validators,
 * or an error that is worth remembering briefly (a not-found, so a stream of requests for a
 * missing product does not each reach the database).
 */
export type CacheEntry =
  | {
      readonly json: string;
      readonly tags: readonly string[];
      /** Strong ETag of `json`, computed once when the entry is made, so a hit never hashes. */
      readonly etag: string;
      /** When the source was read (epoch ms): the `Age` of every answer made from this entry. */
      readonly storedAt: number;
    }
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

/** A found entry for a body just read from the source. */
export function foundEntry(json: string, tags: readonly string[], storedAt = Date.now()): FoundEntry {
  return { json, tags, etag: etagOf(json), storedAt };
}

/**
 * A strong validator: a hash of the exact bytes sent. SHA-1 is enough (it tells versions of
 * one resource apart, it guards nothing) and is the cheapest hash Node offers.
 */
export function etagOf(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

/**
 * An entry read back from Redis: one written before entries carried validators gets them
 * now (once, as it enters the memory tier), so every answer has an ETag.
 */
export function withValidators(entry: CacheEntry): CacheEntry {
  if (isNegative(entry) || (typeof entry.etag === 'string' && typeof entry.storedAt === 'number')) return entry;
  return foundEntry(entry.json, entry.tags);
}
