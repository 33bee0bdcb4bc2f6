import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@gomart/auth';
import { CacheModule } from '@gomart/cache';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { DiscoveryModule } from '@gomart/discovery';
import { DynamoModule } from '@gomart/dynamo';
import { HealthModule } from '@gomart/health';
import { MetricsModule } from '@gomart/metrics';

/** The platform parts an app needs besides health, metrics and DynamoDB, which every app has. */
export interface PlatformParts {
  /** The shared read-through cache (apps serving catalog reads). */
  readonly cache?: boolean;
  /** Bearer-token authentication (apps with authenticated routes). */
  readonly auth?: boolean;
  /** Service discovery (split services calling or announcing themselves). */
  readonly discovery?: boolean;
}

const fromConfig = <T>(pick: (config: AppConfig) => T) => ({ inject: [APP_CONFIG], useFactory: pick });

/**
 * The platform modules of an app, each configured from its slice of the configuration, so an
 * app's root module names only what it is made of: `PlatformModule.with({ cache: true, auth: true })`.
 */
@Module({})
export class PlatformModule {
  static with(parts: PlatformParts = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        HealthModule.forRootAsync(fromConfig((config) => ({ drainMs: config.shutdown.drainMs }))),
        DynamoModule.forRootAsync(fromConfig((config) => config.dynamo)),
        MetricsModule.forRootAsync(fromConfig((config) => config.metrics)),
        ...(parts.cache ? [CacheModule.forRootAsync(fromConfig((config) => config.cache))] : []),
        ...(parts.auth ? [AuthModule.forRootAsync(fromConfig((config) => config.auth))] : []),
        ...(parts.discovery
          ? [DiscoveryModule.forRootAsync(fromConfig(({ discovery, transport, aws }) => ({ discovery, transport, aws })))]
          : []),
      ],
    };
  }
}
