import { Controller, Get, Header, NotFoundException, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Metrics } from './metrics';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.tokens';

/** The Prometheus scrape target (local development and self-hosted monitoring; off in production by default). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  scrape(): Promise<string> {
    if (!this.options.endpoint) throw new NotFoundException();
    return this.metrics.prometheus();
  }
}
