import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { eventConsumers, type ServiceName } from './services';

/**
 * The metrics the app writes as CloudWatch Embedded Metric Format lines, as the alarms and
 * the dashboard read them. The contract with the app:
 * - namespace `GoMart`; every metric carries the dimension `Service` (the app name);
 * - each metric is emitted with the dimension set `[Service]` (what alarms read; an alarm
 *   cannot aggregate over a dimension it does not name) and, where it has a breakdown, also
 *   `[Service, <breakdown>]` (what the dashboard's SEARCH widgets read), e.g.
 *   `"Dimensions": [["Service"], ["Service", "Reason"]]`;
 * - units as listed; counts are per occurrence (value 1, or n for a batch).
 */
export const APP_METRICS_NAMESPACE = 'GoMart';

export interface AppMetric {
  readonly unit: cloudwatch.Unit;
  /** The extra dimension of the breakdown set, if any. */
  readonly breakdown?: string;
  /** The services that emit it in AWS (the monolith `gomart` emits them all). */
  readonly emittedBy: readonly ServiceName[];
  readonly description: string;
}

const HTTP_SERVICES: readonly ServiceName[] = ['catalog', 'orders', 'analytics-export'];
const CONSUMERS: readonly ServiceName[] = eventConsumers;

export const appMetrics = {
  OrdersPlaced: { unit: cloudwatch.Unit.COUNT, emittedBy: ['orders'], description: 'Orders decided PLACED' },
  OrdersRejected: {
    unit: cloudwatch.Unit.COUNT,
    breakdown: 'Reason',
    emittedBy: ['orders'],
    description: 'Orders refused, by reason (OUT_OF_STOCK, SLOT_HOLD_EXPIRED, ...)',
  },
  OrdersInProgress: { unit: cloudwatch.Unit.COUNT, emittedBy: ['orders'], description: 'Placements in flight (gauge)' },
  StockReservationConflicts: {
    unit: cloudwatch.Unit.COUNT,
    emittedBy: ['orders'],
    description: 'Reservations that lost a conditional write to a concurrent one',
  },
  SlotHolds: { unit: cloudwatch.Unit.COUNT, emittedBy: ['orders'], description: 'Delivery slot holds taken' },
  SlotHoldsExpired: { unit: cloudwatch.Unit.COUNT, emittedBy: ['orders'], description: 'Holds the sweeper expired' },
  CacheHits: {
    unit: cloudwatch.Unit.COUNT,
    breakdown: 'Tier',
    emittedBy: ['catalog'],
    description: 'Read-through cache hits, by tier (memory, redis)',
  },
  CacheMisses: { unit: cloudwatch.Unit.COUNT, emittedBy: ['catalog'], description: 'Reads that went to the source' },
  CacheCircuitOpen: {
    unit: cloudwatch.Unit.COUNT,
    emittedBy: ['catalog'],
    description: '1 while the Redis circuit breaker is open, else 0 (gauge)',
  },
  OutboxAgeSeconds: {
    unit: cloudwatch.Unit.SECONDS,
    emittedBy: ['orders'],
    description: 'Age of the oldest order event not yet published (gauge)',
  },
  ConsumerFailures: {
    unit: cloudwatch.Unit.COUNT,
    breakdown: 'Consumer',
    emittedBy: CONSUMERS,
    description: 'Event deliveries a consumer failed to handle (redelivered, then dead-lettered)',
  },
  MailsSent: { unit: cloudwatch.Unit.COUNT, emittedBy: ['notifications'], description: 'Mails SES accepted' },
  LoadShed: {
    unit: cloudwatch.Unit.COUNT,
    emittedBy: HTTP_SERVICES,
    description: 'Requests answered 503 at once because the instance was at its limit',
  },
  RateLimited: {
    unit: cloudwatch.Unit.COUNT,
    emittedBy: HTTP_SERVICES,
    description: 'Requests answered 429 RATE_LIMITED',
  },
  PlacementLatency: {
    unit: cloudwatch.Unit.MILLISECONDS,
    emittedBy: ['orders'],
    description: 'Time to decide an order, from request to PLACED or REJECTED',
  },
} as const satisfies Record<string, AppMetric>;

export type AppMetricName = keyof typeof appMetrics;

/** One app metric of one service, on the `[Service]` dimension set. */
export function appMetric(
  name: AppMetricName,
  service: ServiceName,
  options: { statistic: string; period?: Duration; label?: string },
): cloudwatch.Metric {
  const definition: AppMetric = appMetrics[name];
  return new cloudwatch.Metric({
    namespace: APP_METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { Service: service },
    unit: definition.unit,
    statistic: options.statistic,
    period: options.period ?? Duration.minutes(5),
    label: options.label,
  });
}

/** Every series of a metric's breakdown for one service, for a dashboard graph. */
export function appMetricBreakdown(
  name: AppMetricName,
  service: ServiceName,
  statistic: string,
): cloudwatch.MathExpression {
  const definition: AppMetric = appMetrics[name];
  if (!definition.breakdown) throw new Error(`${name} has no breakdown dimension`);
  const schema = `{${APP_METRICS_NAMESPACE},Service,${definition.breakdown}}`;
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${schema} MetricName="${name}" Service="${service}"', '${statistic}', 300)`,
    usingMetrics: {},
    label: `${name} by ${definition.breakdown}`,
    period: Duration.minutes(5),
  });
}
