import type { FastifyRequest } from 'fastify';

export const READ_THROUGH = Symbol('READ_THROUGH');

export interface ReadThroughOptions {
  /** The cache key for a request; build it with the domain's key builder, never inline. */
  readonly key: (request: FastifyRequest) => string;
  /** Groups entries so one write can invalidate them all (e.g. every catalog page). */
  readonly tags?: readonly string[];
  /**
   * Keep entries in this instance's memory only, never in Redis: for answers computed from
   * state each instance holds itself (its search index), which another instance may not have
   * caught up with yet. Sharing those would let a lagging instance fill every instance's cache.
   */
  readonly localOnly?: boolean;
  /**
   * The longest an entry of this route lives in any tier, below the configured TTLs: for
   * answers that go stale without a write to invalidate them (suggestions follow orders and
   * stock), where the staleness bound is the route's, not the cache's.
   */
  readonly ttlMs?: number;
  /**
   * The answer is the same for everyone: HTTP caches (browser, CloudFront) may keep it for
   * `CACHE_HTTP_MAX_AGE_S` (+ `CACHE_HTTP_STALE_S` while revalidating). Unset, it is
   * `private, no-store`, as every personal answer must be.
   */
  readonly public?: boolean;
}
