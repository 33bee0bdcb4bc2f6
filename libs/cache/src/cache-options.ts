import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { HttpCachingOptions } from './http-caching';

/** The `cache` section of the configuration. */
export interface CacheOptions {
  readonly redisUrl?: string;
  readonly redisPassword?: string;
  readonly memoryTtlMs: number;
  readonly memoryMaxEntries: number;
  readonly redisTtlMs: number;
  readonly negativeTtlMs: number;
  readonly redisTimeoutMs: number;
  readonly breakerResetMs: number;
  /** Redis down makes readiness 503 (true) or `degraded` with 200 (false, the default). */
  readonly readyRequiresRedis: boolean;
  /** What HTTP caches may do with public reads (`ReadThroughOptions.public`). */
  readonly http: HttpCachingOptions;
}

export const { ConfigurableModuleClass: ConfigurableCacheModule, MODULE_OPTIONS_TOKEN: CACHE_OPTIONS } =
  new ConfigurableModuleBuilder<CacheOptions>().setClassMethodName('forRoot').build();
