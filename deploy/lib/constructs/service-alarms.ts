import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { appMetric, appMetricBreakdown } from '../app-metrics';
import type { AlarmThresholds } from '../profiles';
import { eventConsumers, type ServiceName } from '../services';
import type { FargateAppService } from './fargate-service';
import type { Monitoring } from './monitoring';

export interface ServiceWatchProps {
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly api: apigwv2.IHttpApi;
  readonly services: ReadonlyMap<ServiceName, FargateAppService>;
  readonly thresholds: AlarmThresholds;
}

const FIVE_MINUTES = Duration.minutes(5);
const ONE_MINUTE = Duration.minutes(1);
const AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

/**
 * The request path: 5xx at the ALB and the API, per service 5xx, p99, unhealthy tasks and
 * tasks missing (running below desired), and what the app reports about itself (EMF): orders
 * rejected, placement latency, unpublished events, the cache circuit, shed load.
 */
export function watchServices(monitoring: Monitoring, props: ServiceWatchProps): void {
  const { thresholds: limits, api, loadBalancer } = props;
  monitoring.alarm('alb-5xx', 'The load balancer itself answered 5xx (no healthy target, timeouts)', {
    metric: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
      period: FIVE_MINUTES,
      statistic: 'Sum',
    }),
    threshold: limits.target5xxPer5Min,
    evaluationPeriods: 1,
  });
  monitoring.alarm('api-5xx', 'API Gateway answered 5xx', {
    metric: api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
    threshold: limits.target5xxPer5Min,
    evaluationPeriods: 1,
  });

  for (const [name, service] of props.services) {
    watchTasks(monitoring, name, service);
    if (service.traffic) watchTraffic(monitoring, name, service, limits);
  }
  watchApp(monitoring, limits);
  addServiceGraphs(monitoring, props);
}

function watchTasks(monitoring: Monitoring, name: ServiceName, service: FargateAppService): void {
  monitoring.alarm(`${name}-tasks-missing`, `${name} runs fewer tasks than it wants (placement, crashes, Spot)`, {
    metric: new cloudwatch.MathExpression({
      expression: 'desired - running',
      usingMetrics: {
        desired: service.metricDesiredTasks(ONE_MINUTE),
        running: service.metricRunningTasks(ONE_MINUTE),
      },
      period: ONE_MINUTE,
    }),
    threshold: 1,
    comparisonOperator: AT_LEAST,
    // Ten minutes: longer than a task start or a scale-out takes.
    evaluationPeriods: 10,
    datapointsToAlarm: 10,
  });
}

function watchTraffic(
  monitoring: Monitoring,
  name: ServiceName,
  service: FargateAppService,
  limits: AlarmThresholds,
): void {
  const traffic = service.traffic;
  if (!traffic) return;
  monitoring.alarm(`${name}-5xx`, `${name} answered 5xx`, {
    metric: traffic.metric5xx(FIVE_MINUTES),
    threshold: limits.target5xxPer5Min,
    evaluationPeriods: 1,
  });
  monitoring.alarm(`${name}-p99-latency`, `${name} p99 response time above ${limits.p99LatencySeconds}s`, {
    metric: traffic.metricP99(FIVE_MINUTES),
    threshold: limits.p99LatencySeconds,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  monitoring.alarm(`${name}-unhealthy-hosts`, `${name} has tasks failing the readiness check`, {
    metric: traffic.metricUnhealthyHosts(ONE_MINUTE),
    threshold: 1,
    evaluationPeriods: 3,
    comparisonOperator: AT_LEAST,
  });
  monitoring.alarm(
    `${name}-load-shed`,
    `${name} turns requests away with 503 (at its in-flight limit): scale or look`,
    {
      metric: appMetric('LoadShed', name, { statistic: 'Sum' }),
      threshold: 10,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    },
  );
}

function watchApp(monitoring: Monitoring, limits: AlarmThresholds): void {
  monitoring.alarm(
    'orders-rejected',
    `More than ${limits.ordersRejectedPer5Min} orders refused in 5 minutes (see Reason)`,
    {
      metric: appMetric('OrdersRejected', 'orders', { statistic: 'Sum' }),
      threshold: limits.ordersRejectedPer5Min,
      evaluationPeriods: 1,
    },
  );
  monitoring.alarm('orders-placement-p99', `Deciding an order takes over ${limits.placementP99Ms} ms at p99`, {
    metric: appMetric('PlacementLatency', 'orders', { statistic: 'p99', period: ONE_MINUTE }),
    threshold: limits.placementP99Ms,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
  });
  monitoring.alarm(
    'orders-outbox-age',
    `Order events wait over ${limits.outboxAgeSeconds}s to be published (SNS, the relay, or the sweeper)`,
    {
      metric: appMetric('OutboxAgeSeconds', 'orders', { statistic: 'Maximum', period: ONE_MINUTE }),
      threshold: limits.outboxAgeSeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    },
  );
  monitoring.alarm('catalog-cache-circuit-open', 'Catalog reads bypass Redis (circuit open): check the cache', {
    metric: appMetric('CacheCircuitOpen', 'catalog', { statistic: 'Maximum', period: ONE_MINUTE }),
    threshold: 1,
    comparisonOperator: AT_LEAST,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
  });
  for (const consumer of eventConsumers) {
    monitoring.alarm(
      `${consumer}-consumer-failures`,
      `${consumer} fails to handle order events (they will dead-letter)`,
      {
        metric: appMetric('ConsumerFailures', consumer, { statistic: 'Sum' }),
        threshold: 5,
        evaluationPeriods: 1,
      },
    );
  }
}

function addServiceGraphs(monitoring: Monitoring, props: ServiceWatchProps): void {
  const routed = [...props.services].filter(([, service]) => service.traffic);
  const { api } = props;
  monitoring.addSection('Requests', [
    {
      title: 'API requests and errors',
      left: [api.metricCount({ statistic: 'Sum' })],
      right: [api.metricClientError({ statistic: 'Sum' }), api.metricServerError({ statistic: 'Sum' })],
    },
    {
      title: 'p99 response time per service (s)',
      left: routed.map(([name, service]) => withLabel(service.traffic!.metricP99(FIVE_MINUTES), name)),
    },
    {
      title: 'Requests per service',
      left: routed.map(([name, service]) => withLabel(service.traffic!.metricRequests(FIVE_MINUTES), name)),
    },
    {
      title: 'Running tasks per service',
      left: [...props.services].map(([name, service]) => service.metricRunningTasks(ONE_MINUTE).with({ label: name })),
    },
  ]);
  monitoring.addSection('Orders', [
    {
      title: 'Orders placed and rejected (by reason)',
      left: [appMetric('OrdersPlaced', 'orders', { statistic: 'Sum', label: 'placed' })],
      right: [appMetricBreakdown('OrdersRejected', 'orders', 'Sum')],
    },
    {
      title: 'Placement latency (ms)',
      left: ['p50', 'p99'].map((statistic) => appMetric('PlacementLatency', 'orders', { statistic, label: statistic })),
      right: [appMetric('OrdersInProgress', 'orders', { statistic: 'Maximum', label: 'in progress' })],
    },
    {
      title: 'Stock conflicts and slot holds',
      left: [appMetric('StockReservationConflicts', 'orders', { statistic: 'Sum', label: 'reservation conflicts' })],
      right: [
        appMetric('SlotHolds', 'orders', { statistic: 'Sum', label: 'holds' }),
        appMetric('SlotHoldsExpired', 'orders', { statistic: 'Sum', label: 'expired' }),
      ],
    },
    {
      title: 'Unpublished events: oldest (s)',
      left: [appMetric('OutboxAgeSeconds', 'orders', { statistic: 'Maximum', label: 'outbox age' })],
    },
  ]);
  monitoring.addSection('Cache and protection', [
    {
      title: 'Catalog cache: hits by tier, misses, circuit',
      left: [
        appMetricBreakdown('CacheHits', 'catalog', 'Sum'),
        appMetric('CacheMisses', 'catalog', { statistic: 'Sum', label: 'misses' }),
      ],
      right: [appMetric('CacheCircuitOpen', 'catalog', { statistic: 'Maximum', label: 'circuit open' })],
    },
    {
      title: 'Load shed (503) and rate limited (429)',
      left: routed.map(([name]) => appMetric('LoadShed', name, { statistic: 'Sum', label: `${name} shed` })),
      right: routed.map(([name]) => appMetric('RateLimited', name, { statistic: 'Sum', label: `${name} 429` })),
    },
  ]);
}

function withLabel(metric: cloudwatch.IMetric, label: string): cloudwatch.IMetric {
  return metric instanceof cloudwatch.MathExpression ? metric.with({ label }) : metric;
}
