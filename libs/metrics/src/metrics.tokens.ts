import { ConfigurableModuleBuilder } from '@nestjs/common';

/** Options of the metrics module: where they are exposed. */
export interface MetricsOptions {
  /** `GET /metrics` in Prometheus text format. */
  readonly endpoint: boolean;
  /** EMF lines on stdout every `emfIntervalMs` (0: off). */
  readonly emfIntervalMs: number;
}

export const { ConfigurableModuleClass: ConfigurableMetricsModule, MODULE_OPTIONS_TOKEN: METRICS_OPTIONS } =
  new ConfigurableModuleBuilder<MetricsOptions>().setClassMethodName('forRoot').build();
