import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { physicalTableName } from '../app-tables';
import { appMetric } from '../app-metrics';
import type { GoMartConfig } from '../config';
import type { ServiceName } from '../services';
import type { Archive } from './archive';
import type { Cache } from './cache';
import { watchData } from './data-alarms';
import type { FargateAppService } from './fargate-service';
import { Monitoring } from './monitoring';
import type { OrderEvents } from './order-events';
import { watchServices } from './service-alarms';
import type { Tables } from './tables';

export interface EstateMonitoringProps {
  readonly config: GoMartConfig;
  readonly cluster: ecs.ICluster;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly api: apigwv2.IHttpApi;
  readonly services: ReadonlyMap<ServiceName, FargateAppService>;
  readonly events: OrderEvents;
  readonly archive: Archive;
  readonly tables: Tables;
  readonly cache: Cache;
}

/**
 * SES reputation thresholds: AWS puts an account under review at a 5% bounce or 0.1%
 * complaint rate (and may pause sending at 10% / 0.5%); alarm before review.
 */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;

/**
 * Everything the estate is watched by, on one alarm topic and one dashboard: the request path
 * and the app's own metrics, the data stores, queues and archive, and mail reputation. Data
 * resources are addressed by name (tables, nodes, pipes), so no reference into their stacks.
 */
export class EstateMonitoring extends Construct {
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: EstateMonitoringProps) {
    super(scope, id);
    const { config } = props;
    const { alarms: thresholds } = config.profile;
    this.monitoring = new Monitoring(this, 'Alarms', {
      namePrefix: config.prefix,
      alarmEmail: config.alarmEmail,
      removalPolicy: config.profile.dataRemovalPolicy,
    });

    watchServices(this.monitoring, {
      loadBalancer: props.loadBalancer,
      api: props.api,
      services: props.services,
      thresholds,
    });
    watchData(this.monitoring, {
      tables: props.tables.all.map(({ definition }) => ({
        id: definition.id,
        tableName: physicalTableName(config.tablePrefix, definition),
      })),
      redisNodes: props.cache.nodeIds,
      queues: props.events.allQueues(),
      archiveDeadLetterQueue: props.archive.deadLetterQueue,
      pipes: props.archive.pipes,
      archiveBufferInterval: props.archive.bufferInterval,
      thresholds,
    });
    this.watchMail();
  }

  get alarmTopic() {
    return this.monitoring.alarmTopic;
  }

  get alarms(): readonly cloudwatch.Alarm[] {
    return this.monitoring.alarms;
  }

  /** Account-wide SES reputation, and mail that stops while orders keep coming. */
  private watchMail(): void {
    const reputation = (metricName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    this.monitoring.alarm(
      'ses-bounce-rate',
      'SES bounce rate near the 5% review threshold: clean the addresses mailed',
      {
        metric: reputation('Reputation.BounceRate'),
        threshold: SES_BOUNCE_RATE_ALARM,
        evaluationPeriods: 1,
      },
    );
    this.monitoring.alarm('ses-complaint-rate', 'SES complaint rate near the 0.1% review threshold', {
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_COMPLAINT_RATE_ALARM,
      evaluationPeriods: 1,
    });
    const period = Duration.minutes(30);
    this.monitoring.alarm(
      'mail-stalled',
      'Orders are placed but no mail was sent for 30 minutes (SES, sandbox, consumer)',
      {
        metric: new cloudwatch.MathExpression({
          expression: 'IF(FILL(placed, 0) >= 5 AND FILL(sent, 0) == 0, 1, 0)',
          usingMetrics: {
            placed: appMetric('OrdersPlaced', 'orders', { statistic: 'Sum', period }),
            sent: appMetric('MailsSent', 'notifications', { statistic: 'Sum', period }),
          },
          period,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      },
    );
  }
}
