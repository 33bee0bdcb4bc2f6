import { Global, Module } from '@nestjs/common';
import { CacheStatsController } from './cache-stats.controller';
import { ReadThroughCache } from './read-through-cache';
import { ReadThroughInterceptor } from './read-through.interceptor';

/** The shared read-through cache; import once in the root module. */
@Global()
@Module({
  controllers: [CacheStatsController],
  providers: [ReadThroughCache, ReadThroughInterceptor],
  exports: [ReadThroughCache, ReadThroughInterceptor],
})
export class CacheModule {}
