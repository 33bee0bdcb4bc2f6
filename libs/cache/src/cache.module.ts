import { Global, Module } from '@nestjs/common';
import { ConfigurableCacheModule } from './cache-options';
import { CacheStatsController } from './cache-stats.controller';
import { ReadThroughCache } from './read-through-cache';
import { ReadThroughFastPath } from './read-through.fast-path';
import { ReadThroughInterceptor } from './read-through.interceptor';

/** The shared read-through cache; import once in the root module (`CacheModule.forRoot(options)`). */
@Global()
@Module({
  controllers: [CacheStatsController],
  providers: [ReadThroughCache, ReadThroughFastPath, ReadThroughInterceptor],
  exports: [ReadThroughCache, ReadThroughFastPath, ReadThroughInterceptor],
})
export class CacheModule extends ConfigurableCacheModule {}
