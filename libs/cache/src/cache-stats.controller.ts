import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadThroughCache, type CacheStats } from './read-through-cache';

/** Hit/miss counters of this instance since it started. */
@ApiTags('health')
@Controller('health/cache')
export class CacheStatsController {
  constructor(@Inject(ReadThroughCache) private readonly cache: ReadThroughCache) {}

  @Get()
  @ApiOkResponse({ description: 'Cache counters of this instance.' })
  stats(): CacheStats {
    return this.cache.stats();
  }
}
