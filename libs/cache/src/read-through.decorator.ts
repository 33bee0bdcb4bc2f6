import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { READ_THROUGH, type ReadThroughOptions } from './cache.tokens';
import { ReadThroughInterceptor } from './read-through.interceptor';

/**
 * Serves a GET route through the read-through cache. The handler runs only on a miss, and
 * once for all concurrent misses of one key; the response says `x-cache: hit|miss` and
 * carries an ETag (`If-None-Match` → `304`); `public` routes also say HTTP caches may keep it.
 */
export function ReadThrough(options: ReadThroughOptions) {
  return applyDecorators(
    SetMetadata(READ_THROUGH, options),
    UseInterceptors(ReadThroughInterceptor),
    ApiResponse({
      status: '2XX',
      description: 'Served through the read-through cache.',
      headers: {
        'x-cache': { description: 'hit when answered from a cache tier, miss otherwise', schema: { enum: ['hit', 'miss'] } },
        etag: { description: 'Strong validator of the body; send it back as If-None-Match', schema: { type: 'string' } },
        'cache-control': {
          description: options.public
            ? 'public, max-age=CACHE_HTTP_MAX_AGE_S, stale-while-revalidate=CACHE_HTTP_STALE_S'
            : 'private, no-store',
          schema: { type: 'string' },
        },
        ...(options.public ? { age: { description: 'Seconds since the body was read from the source', schema: { type: 'integer' } } } : {}),
      },
    }),
    ApiHeader({ name: 'if-none-match', required: false, description: 'An ETag of this resource: 304 with no body while it is current' }),
    ApiResponse({ status: 304, description: 'Not modified: the If-None-Match ETag is current (no body).' }),
  );
}
