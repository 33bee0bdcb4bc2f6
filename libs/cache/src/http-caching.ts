import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FoundEntry } from './cache-entry';

/**
 * What HTTP caches (the browser, CloudFront, a proxy) may do with a public read's answer.
 * Every answer also carries `Age`, the seconds since the source was read, so a cache that
 * honours it (RFC 9111) counts freshness from the source read, not from when it fetched the
 * copy: an edge copy is then never older than `maxAgeS + staleWhileRevalidateS` in total,
 * whichever tier of this cache it came through.
 */
export interface HttpCachingOptions {
  readonly maxAgeS: number;
  readonly staleWhileRevalidateS: number;
}

/**
 * `Cache-Control` of a public route; a route whose entries live shorter than the defaults
 * (`routeTtlMs`) bounds both figures by its own lifetime.
 */
export function publicCacheControl(options: HttpCachingOptions, routeTtlMs = Infinity): string {
  const lifetimeS = Math.floor(routeTtlMs / 1000);
  const maxAge = Math.min(options.maxAgeS, lifetimeS);
  const stale = Math.max(0, Math.min(options.staleWhileRevalidateS, lifetimeS - maxAge));
  return stale > 0 ? `public, max-age=${maxAge}, stale-while-revalidate=${stale}` : `public, max-age=${maxAge}`;
}

/**
 * Whether `If-None-Match` names the entry's ETag (RFC 9110 13.1.2: weak comparison, so a
 * `W/` prefix a proxy added after compressing still matches; `*` matches any).
 */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch === etag) return true;
  const candidates = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  return candidates.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

/** Sets an entry's validators and, on a public route, its freshness, on a found answer. */
export function writeValidators(reply: FastifyReply, entry: FoundEntry, cacheControl: string | undefined): void {
  void reply.header('etag', entry.etag);
  if (cacheControl === undefined) return;
  const age = Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000));
  void reply.header('cache-control', cacheControl).header('age', String(age));
}

/** Whether this request already holds the entry's current version (answer `304`, no body). */
export function holdsCurrent(request: FastifyRequest, entry: FoundEntry): boolean {
  return notModified(request.headers['if-none-match'], entry.etag);
}
