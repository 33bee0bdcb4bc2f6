import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { READ_THROUGH, type ReadThroughOptions } from './cache.tokens';
import { ReadThroughInterceptor } from './read-through.interceptor';

/**
 * Serves a GET route through the read-through cache. The handler runs only on a miss, and
 * once for all concurrent misses of one key; the response says `x-cache: hit|miss`.
 */
export function ReadThrough(options: ReadThroughOptions) {
  return applyDecorators(
    SetMetadata(READ_THROUGH, options),
    UseInterceptors(ReadThroughInterceptor),
    ApiResponse({
      status: '2XX',
      description: 'Served through the read-through cache.',
      headers: { 'x-cache': { description: 'hit when answered from a cache tier, miss otherwise', schema: { enum: ['hit', 'miss'] } } },
    }),
  );
}
