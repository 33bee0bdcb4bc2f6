import { MetricsLogger, Unit } from 'aws-embedded-metrics';
import type { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer';
import { METRICS_NAMESPACE, definitionOf, type AppMetricName } from './app-metrics';
import type { Metrics, MetricsDelta } from './metrics';

/** Where EMF lines go: stdout in ECS (the awslogs driver ships them; CloudWatch extracts the metrics). */
export type LineWriter = (line: string) => void;

const writeStdout: LineWriter = (line) => process.stdout.write(`${line}\n`);

/**
 * Writes the metrics as CloudWatch Embedded Metric Format lines, with aws-embedded-metrics'
 * serializer: one line per series, with the dimension sets `[Service]` (what alarms read) and,
 * for a breakdown, `[Service, <breakdown>]` (what the dashboard's SEARCH reads). Counters are
 * the counts since the previous flush; gauges their value now; timings their samples.
 */
export class EmfReporter {
  private readonly serializer = new LogSerializer();

  constructor(
    private readonly metrics: Metrics,
    private readonly write: LineWriter = writeStdout,
  ) {}

  async flush(): Promise<void> {
    const delta = this.metrics.takeDelta();
    for (const logger of this.loggersFor(delta)) await logger.flush();
  }

  private *loggersFor(delta: MetricsDelta): Generator<MetricsLogger> {
    for (const [name, series] of delta.counters) {
      for (const [breakdown, value] of series) {
        const logger = this.logger(name, breakdown);
        logger.putMetric(name, value, unitOf(name));
        yield logger;
      }
    }
    if (delta.timings.size > 0 || delta.gauges.size > 0) {
      const logger = this.logger();
      for (const [name, samples] of delta.timings) for (const sample of samples) logger.putMetric(name, sample, unitOf(name));
      for (const [name, value] of delta.gauges) logger.putMetric(name, value, unitOf(name));
      yield logger;
    }
  }

  private logger(name?: AppMetricName, breakdown = ''): MetricsLogger {
    const environment = {
      probe: () => Promise.resolve(true),
      getName: () => this.metrics.service,
      getType: () => 'ECS',
      getLogGroupName: () => '',
      configureContext: () => undefined,
      getSink: () => ({
        name: 'stdout',
        accept: (context: MetricsContext) => {
          for (const line of this.serializer.serialize(context)) this.write(line);
          return Promise.resolve();
        },
      }),
    };
    const logger = new MetricsLogger(() => Promise.resolve(environment));
    const service = { Service: this.metrics.service };
    const dimension = name ? definitionOf(name).breakdown : undefined;
    logger.setNamespace(METRICS_NAMESPACE);
    logger.setDimensions(dimension && breakdown ? [service, { ...service, [dimension]: breakdown }] : [service], false);
    return logger;
  }
}

function unitOf(name: AppMetricName): Unit {
  return Unit[definitionOf(name).unit];
}
