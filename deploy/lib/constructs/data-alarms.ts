import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { appMetric, appMetricBreakdown } from '../app-metrics';
import type { AlarmThresholds } from '../profiles';
import type { ServiceName } from '../services';
import { actionsFor } from '../table-access';
import type { Monitoring } from './monitoring';

/** A table to watch, by physical name, with the operations its owner calls. */
export interface WatchedTable {
  readonly id: string;
  readonly tableName: string;
}

export interface WatchedQueue {
  readonly consumer: ServiceName;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
}

export interface DataWatchProps {
  readonly tables: readonly WatchedTable[];
  /** Node ids of the Redis replication group (`<group>-001`, ...). */
  readonly redisNodes: readonly string[];
  readonly queues: readonly WatchedQueue[];
  readonly archiveDeadLetterQueue: sqs.IQueue;
  readonly pipes: readonly { readonly pipeName: string; readonly deliveryStreamName: string }[];
  /** Firehose buffers up to this long; fresher data than twice it is normal. */
  readonly archiveBufferInterval: Duration;
  readonly thresholds: AlarmThresholds;
}

const FIVE_MINUTES = Duration.minutes(5);
const AT_LEAST = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

/** Why a message in the notifications DLQ matters: mail has stopped for someone. */
export const MAIL_DLQ_DESCRIPTION =
  'Order mail is not flowing: messages reached the notifications dead-letter queue. Check the SES ' +
  'identity (verified? DKIM?) and whether the account is still in the SES sandbox (it only mails ' +
  'verified addresses there), then redrive the queue.';

/**
 * The stores and pipes behind the services: DynamoDB throttles and system errors per table,
 * Redis CPU, memory and evictions per node, queue age and dead letters, and the archive's
 * pipes and delivery streams.
 */
export function watchData(monitoring: Monitoring, props: DataWatchProps): void {
  for (const table of props.tables) watchTable(monitoring, table);
  for (const node of props.redisNodes) watchRedisNode(monitoring, node);
  for (const { consumer, queue, deadLetterQueue } of props.queues) {
    monitoring.alarm(`${consumer}-queue-age`, `${consumer} falls behind: its oldest order event is waiting too long`, {
      metric: queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      threshold: props.thresholds.queueAgeSeconds,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    const description =
      consumer === 'notifications'
        ? MAIL_DLQ_DESCRIPTION
        : `Order events reached the ${consumer} dead-letter queue: inspect and redrive`;
    monitoring.alarm(`${consumer}-dead-letters`, description, deadLetterSpec(deadLetterQueue));
  }
  monitoring.alarm(
    'archive-dead-letters',
    'Table changes the archive pipes could not deliver: inspect and redrive',
    deadLetterSpec(props.archiveDeadLetterQueue),
  );
  for (const pipe of props.pipes) watchArchivePipe(monitoring, pipe, props.archiveBufferInterval);
  addDataGraphs(monitoring, props);
}

function deadLetterSpec(queue: sqs.IQueue): Parameters<Monitoring['alarm']>[2] {
  return {
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: AT_LEAST,
  };
}

function dynamo(metricName: string, dimensionsMap: Record<string, string>): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/DynamoDB',
    metricName,
    dimensionsMap,
    statistic: 'Sum',
    period: FIVE_MINUTES,
  });
}

function watchTable(monitoring: Monitoring, { id, tableName }: WatchedTable): void {
  monitoring.alarm(`${id}-throttles`, `Requests to the ${id} table are throttled (hot key or account limit)`, {
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: dynamo('ReadThrottleEvents', { TableName: tableName }),
        writes: dynamo('WriteThrottleEvents', { TableName: tableName }),
      },
      period: FIVE_MINUTES,
    }),
    threshold: 10,
    evaluationPeriods: 1,
  });
  // SystemErrors is published per operation: sum the operations the owner calls.
  const operations = actionsFor(id)
    .map((action) => action.replace('dynamodb:', ''))
    .filter((operation) => operation !== 'DescribeTable');
  const usingMetrics = Object.fromEntries(
    operations.map((operation, index) => [
      `op${index}`,
      dynamo('SystemErrors', { TableName: tableName, Operation: operation }),
    ]),
  );
  monitoring.alarm(`${id}-system-errors`, `DynamoDB answers 500 on the ${id} table`, {
    metric: new cloudwatch.MathExpression({
      expression: Object.keys(usingMetrics)
        .map((key) => `FILL(${key}, 0)`)
        .join(' + '),
      usingMetrics,
      period: FIVE_MINUTES,
    }),
    threshold: 0,
    evaluationPeriods: 1,
  });
}

function redis(metricName: string, node: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ElastiCache',
    metricName,
    dimensionsMap: { CacheClusterId: node },
    statistic,
    period: FIVE_MINUTES,
  });
}

function watchRedisNode(monitoring: Monitoring, node: string): void {
  monitoring.alarm(`${node}-cpu`, `Redis ${node}: the engine thread is busy (EngineCPUUtilization)`, {
    metric: redis('EngineCPUUtilization', node, 'Average'),
    threshold: 80,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  monitoring.alarm(`${node}-memory`, `Redis ${node} is nearly full (DatabaseMemoryUsagePercentage)`, {
    metric: redis('DatabaseMemoryUsagePercentage', node, 'Maximum'),
    threshold: 80,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  });
  monitoring.alarm(`${node}-evictions`, `Redis ${node} evicts keys before their TTL: size the node up`, {
    metric: redis('Evictions', node, 'Sum'),
    threshold: 100,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
  });
}

function watchArchivePipe(
  monitoring: Monitoring,
  { pipeName, deliveryStreamName }: { pipeName: string; deliveryStreamName: string },
  bufferInterval: Duration,
): void {
  const pipeMetric = (metricName: string): cloudwatch.Metric =>
    new cloudwatch.Metric({
      namespace: 'AWS/EventBridge/Pipes',
      metricName,
      dimensionsMap: { PipeName: pipeName },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  monitoring.alarm(`${pipeName}-failures`, `The ${pipeName} pipe fails to hand table changes to Firehose`, {
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(target, 0)',
      usingMetrics: { failed: pipeMetric('ExecutionFailed'), target: pipeMetric('TargetStageFailed') },
      period: FIVE_MINUTES,
    }),
    threshold: 0,
    evaluationPeriods: 1,
  });
  const firehose = (metricName: string, statistic: string): cloudwatch.Metric =>
    new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: deliveryStreamName },
      statistic,
      period: FIVE_MINUTES,
    });
  monitoring.alarm(
    `${deliveryStreamName}-freshness`,
    `${deliveryStreamName} holds records longer than twice its buffer`,
    {
      metric: firehose('DeliveryToS3.DataFreshness', 'Maximum'),
      threshold: bufferInterval.toSeconds() * 2,
      evaluationPeriods: 1,
    },
  );
  monitoring.alarm(`${deliveryStreamName}-delivery`, `${deliveryStreamName} fails to write to the archive bucket`, {
    metric: firehose('DeliveryToS3.Success', 'Minimum'),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
  });
}

function addDataGraphs(monitoring: Monitoring, props: DataWatchProps): void {
  monitoring.addSection('Events, mail and data', [
    {
      title: 'Oldest waiting order event per consumer (s)',
      left: props.queues.map(({ consumer, queue }) =>
        queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', label: consumer }),
      ),
      right: props.queues.map(({ consumer, deadLetterQueue }) =>
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: `${consumer} DLQ` }),
      ),
    },
    {
      title: 'Consumer failures (by consumer) and mails sent',
      left: props.queues.map(({ consumer }) => appMetricBreakdown('ConsumerFailures', consumer, 'Sum')),
      right: [appMetric('MailsSent', 'notifications', { statistic: 'Sum', label: 'mails sent' })],
    },
    {
      title: 'DynamoDB throttled events per table',
      left: props.tables.flatMap(({ id, tableName }) => [
        dynamo('ReadThrottleEvents', { TableName: tableName }).with({ label: `${id} reads` }),
        dynamo('WriteThrottleEvents', { TableName: tableName }).with({ label: `${id} writes` }),
      ]),
    },
    {
      title: 'Redis engine CPU and memory (%)',
      left: props.redisNodes.map((node) =>
        redis('EngineCPUUtilization', node, 'Average').with({ label: `${node} CPU` }),
      ),
      right: props.redisNodes.map((node) =>
        redis('DatabaseMemoryUsagePercentage', node, 'Maximum').with({ label: `${node} memory` }),
      ),
    },
  ]);
}
