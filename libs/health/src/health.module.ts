import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';

/**
 * `/health/live` and `/health/ready`. Terminus turns readiness to 503 as soon as shutdown
 * begins and keeps serving for SHUTDOWN_DRAIN_MS, so the load balancer stops sending new
 * requests before the server closes; in-flight requests then finish before the process exits.
 */
@Global()
@Module({
  imports: [
    TerminusModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ gracefulShutdownTimeoutMs: config.shutdown.drainMs, logger: false }),
    }),
  ],
  controllers: [HealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}
