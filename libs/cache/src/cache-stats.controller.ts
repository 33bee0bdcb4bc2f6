import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadThroughCache, type CacheStats } from './read-through-cache';

/** Hit/miss counters of this instance since it started. */
@ApiTags('health')
@Controller('health/cache')
export class CacheStatsController {
  constructor(@Inject(ReadThroughCache) private readonly cache: ReadThroughCache) {}

  @Get()
  @ApiOperation({ operationId: 'getCacheStats', summary: 'Cache counters', description: "This instance's read-through cache counters since it started: hits per tier, misses, source reads, circuit." })
  @ApiOkResponse({ description: 'Cache counters of this instance.', schema: { type: 'object', additionalProperties: true } })
  stats(): CacheStats {
    return this.cache.stats();
  }
}
