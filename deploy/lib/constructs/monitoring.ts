import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FargateAppService } from './fargate-service';

export interface MonitoredService {
  readonly name: string;
  readonly service: FargateAppService;
}

export interface MonitoredQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
}

export interface MonitoringProps {
  /** `<prefix>`: alarms are named `<prefix>-<subject>-<condition>`. */
  readonly namePrefix: string;
  readonly alarmEmail?: string;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly api: apigwv2.IHttpApi;
  readonly services: readonly MonitoredService[];
  readonly deadLetterQueues: readonly MonitoredQueue[];
  readonly p99LatencySeconds: number;
  readonly target5xxPer5Min: number;
  readonly removalPolicy: RemovalPolicy;
}

const FIVE_MINUTES = Duration.minutes(5);
const ONE_MINUTE = Duration.minutes(1);

/**
 * Alarms (5xx at the ALB, API and each service, p99 latency, unhealthy hosts, messages in
 * any dead-letter queue) notifying an encrypted SNS topic, and one dashboard for the estate.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;

    const key = new kms.Key(this, 'AlarmKey', {
      description: `Encrypts ${props.namePrefix} alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    // CloudWatch publishes alarms to the encrypted topic.
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${props.namePrefix}-alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    this.alarm('alb-5xx', 'The load balancer itself answered 5xx (no healthy target, timeouts)', {
      metric: props.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      threshold: props.target5xxPer5Min,
      evaluationPeriods: 1,
    });
    this.alarm('api-5xx', 'API Gateway answered 5xx', {
      metric: props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: props.target5xxPer5Min,
      evaluationPeriods: 1,
    });

    for (const { name, service } of props.services) this.serviceAlarms(name, service);
    for (const { name, queue } of props.deadLetterQueues) {
      this.alarm(`${name}-dead-letters`, `Messages are waiting in ${name}: inspect and redrive`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.namePrefix,
      defaultInterval: Duration.hours(3),
    });
    this.addDashboardWidgets();
  }

  private serviceAlarms(name: string, { targetGroup }: FargateAppService): void {
    const { p99LatencySeconds, target5xxPer5Min } = this.props;
    this.alarm(`${name}-5xx`, `${name} answered 5xx`, {
      metric: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      threshold: target5xxPer5Min,
      evaluationPeriods: 1,
    });
    this.alarm(`${name}-p99-latency`, `${name} p99 response time above ${p99LatencySeconds}s`, {
      metric: targetGroup.metrics.targetResponseTime({ period: FIVE_MINUTES, statistic: 'p99' }),
      threshold: p99LatencySeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.alarm(`${name}-unhealthy-hosts`, `${name} has tasks failing the readiness check`, {
      metric: targetGroup.metrics.unhealthyHostCount({ period: ONE_MINUTE, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  private alarm(
    subject: string,
    description: string,
    props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>,
  ): void {
    const alarm = new cloudwatch.Alarm(this, subject, {
      alarmName: `${this.props.namePrefix}-${subject}`,
      alarmDescription: description,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }

  private addDashboardWidgets(): void {
    const { api, loadBalancer, services, deadLetterQueues } = this.props;
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [api.metricCount({ statistic: 'Sum' })],
        right: [api.metricClientError({ statistic: 'Sum' }), api.metricServerError({ statistic: 'Sum' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency p99 (ms)',
        left: [api.metricLatency({ statistic: 'p99' }), api.metricIntegrationLatency({ statistic: 'p99' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Requests per service',
        left: services.map(({ name, service }) =>
          service.targetGroup.metrics.requestCount({ statistic: 'Sum', label: name }),
        ),
        right: [loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { label: 'ALB 5xx' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'p99 response time per service (s)',
        left: services.map(({ name, service }) =>
          service.targetGroup.metrics.targetResponseTime({ statistic: 'p99', label: name }),
        ),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'CPU per service (%)',
        left: services.map(({ name, service }) => service.service.metricCpuUtilization({ label: name })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Memory per service (%)',
        left: services.map(({ name, service }) => service.service.metricMemoryUtilization({ label: name })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues (messages)',
        left: deadLetterQueues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: name }),
        ),
        width: 24,
      }),
    );
  }
}
