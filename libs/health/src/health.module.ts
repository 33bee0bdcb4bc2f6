import { ConfigurableModuleBuilder, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';

export interface HealthOptions {
  /** After SIGTERM, how long readiness answers 503 while the server still serves. */
  readonly drainMs: number;
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: HEALTH_OPTIONS } = new ConfigurableModuleBuilder<HealthOptions>()
  .setClassMethodName('forRoot')
  .build();

/**
 * `/health/live` and `/health/ready`. Terminus turns readiness to 503 as soon as shutdown
 * begins and keeps serving for `drainMs`, so the load balancer stops sending new requests
 * before the server closes; in-flight requests then finish before the process exits.
 */
@Global()
@Module({
  imports: [
    TerminusModule.forRootAsync({
      inject: [HEALTH_OPTIONS],
      useFactory: (options: HealthOptions) => ({ gracefulShutdownTimeoutMs: options.drainMs, logger: false }),
    }),
  ],
  controllers: [HealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry, HEALTH_OPTIONS],
})
export class HealthModule extends ConfigurableModuleClass {}
