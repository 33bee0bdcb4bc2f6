/**
 * The metrics the app emits: one catalogue for the Prometheus text at `GET /metrics` (local)
 * and the CloudWatch Embedded Metric Format lines (AWS). Names, units and breakdowns are the
 * contract with `deploy/` (alarms and the dashboard read them; a deploy test compares both).
 */
export type MetricKind = 'counter' | 'gauge' | 'timing';

export interface MetricDefinition {
  readonly kind: MetricKind;
  readonly unit: 'Count' | 'Seconds' | 'Milliseconds';
  /** The one dimension a series breaks down by, besides `Service`. */
  readonly breakdown?: string;
  readonly help: string;
}

export const APP_METRICS = {
  OrdersPlaced: { kind: 'counter', unit: 'Count', help: 'Orders decided PLACED' },
  OrdersRejected: { kind: 'counter', unit: 'Count', breakdown: 'Reason', help: 'Orders refused, by reason' },
  OrdersInProgress: { kind: 'gauge', unit: 'Count', help: 'Placements in flight' },
  StockReservationConflicts: { kind: 'counter', unit: 'Count', help: 'Reservations that lost a conditional write to a concurrent one' },
  SlotHolds: { kind: 'counter', unit: 'Count', help: 'Delivery slot holds taken' },
  SlotHoldsExpired: { kind: 'counter', unit: 'Count', help: 'Holds the sweeper expired' },
  CacheHits: { kind: 'counter', unit: 'Count', breakdown: 'Tier', help: 'Read-through cache hits, by tier' },
  CacheMisses: { kind: 'counter', unit: 'Count', help: 'Reads that went to the source' },
  CacheCircuitOpen: { kind: 'gauge', unit: 'Count', help: '1 while the Redis circuit breaker is open, else 0' },
  OutboxAgeSeconds: { kind: 'gauge', unit: 'Seconds', help: 'Age of the oldest order event not yet published' },
  ConsumerFailures: { kind: 'counter', unit: 'Count', breakdown: 'Consumer', help: 'Event deliveries a consumer failed to handle' },
  MailsSent: { kind: 'counter', unit: 'Count', help: 'Mails the mail transport accepted' },
  LoadShed: { kind: 'counter', unit: 'Count', help: 'Requests answered 503 at once because the instance was at its limit' },
  RateLimited: { kind: 'counter', unit: 'Count', help: 'Requests answered 429 RATE_LIMITED' },
  PlacementLatency: { kind: 'timing', unit: 'Milliseconds', help: 'Time to decide an order, from request to PLACED or REJECTED' },
} as const satisfies Record<string, MetricDefinition>;

export type AppMetricName = keyof typeof APP_METRICS;
export type MetricsOfKind<K extends MetricKind> = {
  [N in AppMetricName]: (typeof APP_METRICS)[N]['kind'] extends K ? N : never;
}[AppMetricName];
export type CounterName = MetricsOfKind<'counter'>;
export type GaugeName = MetricsOfKind<'gauge'>;
export type TimingName = MetricsOfKind<'timing'>;

/** The CloudWatch namespace of every app metric. */
export const METRICS_NAMESPACE = 'GoMart';

/** A metric's definition, widened (so `breakdown` reads as optional on every one). */
export function definitionOf(name: AppMetricName): MetricDefinition {
  return APP_METRICS[name];
}

/** `OrdersRejected` → `gomart_orders_rejected`, the Prometheus name (counters add `_total`). */
export function prometheusName(name: AppMetricName): string {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const unit = definitionOf(name).unit;
  return `gomart_${snake}${unit === 'Milliseconds' ? '_ms' : ''}`;
}
