import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_NAME } from '@gomart/config';
import { EmfReporter } from './emf-reporter';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { ConfigurableMetricsModule, METRICS_OPTIONS, type MetricsOptions } from './metrics.tokens';

/** Flushes EMF lines on an interval and once more at shutdown, so the last minute is not lost. */
@Injectable()
export class EmfSchedule implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly reporter: EmfReporter;

  constructor(metrics: Metrics, @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions) {
    this.reporter = new EmfReporter(metrics);
  }

  onModuleInit(): void {
    if (this.options.emfIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.reporter.flush(), this.options.emfIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    await this.reporter.flush();
  }
}

/** `Metrics` for every module of the app (global), `GET /metrics`, and the EMF schedule. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [{ provide: Metrics, inject: [APP_NAME], useFactory: (app: string) => new Metrics(app) }, EmfSchedule],
  exports: [Metrics],
})
export class MetricsModule extends ConfigurableMetricsModule {}
