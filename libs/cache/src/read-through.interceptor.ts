import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@gomart/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, mergeMap, of, throwError, type Observable } from 'rxjs';
import { isNegative, type CacheEntry } from './cache-entry';
import { READ_THROUGH, type ReadThroughOptions } from './cache.tokens';
import { ReadThroughCache } from './read-through-cache';
import { holdsCurrent, writeValidators } from './http-caching';
import { CACHED_BODY_TYPE, ReadThroughFastPath } from './read-through.fast-path';

@Injectable()
export class ReadThroughInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
    @Inject(ReadThroughFastPath) private readonly fastPath: ReadThroughFastPath,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<ReadThroughOptions | undefined>(READ_THROUGH, context.getHandler());
    if (!options) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    this.fastPath.consider(context, request, options, ReadThroughInterceptor);
    const key = options.key(request);
    const found = (entry: CacheEntry, cache: 'hit' | 'miss') => this.answer(request, reply, options, entry, cache);
    // Once a route qualifies for the fast path, its found hits are answered before they get
    // here; a not-found it found in Redis is answered here, where errors are mapped.
    const shared = this.fastPath.sharedLookup(request);
    if (shared) return found(shared, 'hit');
    // A memory hit is answered synchronously: no promise, no Redis, no handler.
    const remembered = this.cache.peek(key);
    if (remembered) return found(remembered, 'hit');
    const read = this.cache.read(key, () => lastValueFrom(next.handle()), {
      tags: options.tags,
      sharedChecked: shared === null,
      localOnly: options.localOnly,
      ttlMs: options.ttlMs,
    });
    return from(read).pipe(mergeMap(({ entry, source }) => found(entry, source === 'source' ? 'miss' : 'hit')));
  }

  /** A found entry carries its validators; one the client already holds goes out as `304`. */
  private answer(request: FastifyRequest, reply: FastifyReply, options: ReadThroughOptions, entry: CacheEntry, cache: 'hit' | 'miss') {
    if (!isNegative(entry)) {
      writeValidators(reply, entry, this.cache.cacheControlFor(options));
      if (holdsCurrent(request, entry)) this.fastPath.answerNotModified(request);
    }
    return answer(reply, entry, cache);
  }
}

function answer(reply: FastifyReply, entry: CacheEntry, cache: 'hit' | 'miss'): Observable<string> {
  void reply.header('x-cache', cache);
  if (isNegative(entry)) {
    const { code, message, details } = entry.error;
    return throwError(() => new DomainError(code, message, details));
  }
  // The body is already JSON: send it as is rather than parse and serialize it again.
  void reply.type(CACHED_BODY_TYPE);
  return of(entry.json);
}
