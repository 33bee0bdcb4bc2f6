import { Match, type Template } from 'aws-cdk-lib/assertions';
import { allTables } from '../lib/app-tables';
import { APP_METRICS_NAMESPACE } from '../lib/app-metrics';
import { MAIL_DLQ_DESCRIPTION } from '../lib/constructs/data-alarms';
import { eventConsumers, serviceDefinitions } from '../lib/services';
import { type Estate, resourcesOfType, synthesize } from './estate';

interface AlarmJson {
  AlarmName: string;
  AlarmDescription: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[];
  AlarmActions?: unknown[];
}

describe('alarms and dashboard', () => {
  let dev: Estate;
  let services: Template;
  let alarms: Map<string, AlarmJson>;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    services = dev.template(dev.services);
    alarms = new Map(
      resourcesOfType(dev.json(dev.services), 'AWS::CloudWatch::Alarm').map(([, alarm]) => {
        const properties = alarm.Properties as unknown as AlarmJson;
        return [properties.AlarmName, properties];
      }),
    );
  });

  /** The namespace/metric pairs an alarm reads, directly or through metric math. */
  const reads = (name: string): string[] => {
    const alarm = alarms.get(name);
    if (!alarm) throw new Error(`No alarm ${name}`);
    if (alarm.MetricName) return [`${alarm.Namespace}/${alarm.MetricName}`];
    return (alarm.Metrics ?? []).flatMap((metric) =>
      metric.MetricStat ? [`${metric.MetricStat.Metric.Namespace}/${metric.MetricStat.Metric.MetricName}`] : [],
    );
  };

  it('watches every table for throttles and system errors', () => {
    for (const table of allTables) {
      expect(reads(`gomart-dev-${table.id}-throttles`).sort()).toEqual([
        'AWS/DynamoDB/ReadThrottleEvents',
        'AWS/DynamoDB/WriteThrottleEvents',
      ]);
      expect(new Set(reads(`gomart-dev-${table.id}-system-errors`))).toEqual(new Set(['AWS/DynamoDB/SystemErrors']));
    }
  });

  it('watches the consumer queues for age and dead letters, and says where mail stops', () => {
    for (const consumer of eventConsumers) {
      expect(reads(`gomart-dev-${consumer}-queue-age`)).toEqual(['AWS/SQS/ApproximateAgeOfOldestMessage']);
      expect(reads(`gomart-dev-${consumer}-dead-letters`)).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible']);
    }
    const mail = alarms.get('gomart-dev-notifications-dead-letters');
    expect(mail?.AlarmDescription).toBe(MAIL_DLQ_DESCRIPTION);
    expect(mail?.AlarmDescription).toMatch(/mail is not flowing.*SES identity.*sandbox/is);
    expect(reads('gomart-dev-archive-dead-letters')).toEqual(['AWS/SQS/ApproximateNumberOfMessagesVisible']);
  });

  it('watches each Redis node for engine CPU, memory and evictions', () => {
    for (const node of ['gomart-dev-cache-001', 'gomart-dev-cache-002']) {
      expect(reads(`gomart-dev-${node}-cpu`)).toEqual(['AWS/ElastiCache/EngineCPUUtilization']);
      expect(reads(`gomart-dev-${node}-memory`)).toEqual(['AWS/ElastiCache/DatabaseMemoryUsagePercentage']);
      expect(reads(`gomart-dev-${node}-evictions`)).toEqual(['AWS/ElastiCache/Evictions']);
      expect(alarms.get(`gomart-dev-${node}-cpu`)?.Dimensions).toEqual([{ Name: 'CacheClusterId', Value: node }]);
    }
  });

  it('alarms when a service runs fewer tasks than it wants', () => {
    for (const { name } of serviceDefinitions) {
      expect(reads(`gomart-dev-${name}-tasks-missing`).sort()).toEqual([
        'ECS/ContainerInsights/DesiredTaskCount',
        'ECS/ContainerInsights/RunningTaskCount',
      ]);
    }
  });

  it('watches the archive pipes and delivery streams', () => {
    for (const table of allTables.filter((candidate) => candidate.stream)) {
      const name = `gomart-dev-archive-${table.id}`;
      expect(reads(`gomart-dev-${name}-failures`).sort()).toEqual([
        'AWS/EventBridge/Pipes/ExecutionFailed',
        'AWS/EventBridge/Pipes/TargetStageFailed',
      ]);
      expect(reads(`gomart-dev-${name}-freshness`)).toEqual(['AWS/Firehose/DeliveryToS3.DataFreshness']);
      expect(reads(`gomart-dev-${name}-delivery`)).toEqual(['AWS/Firehose/DeliveryToS3.Success']);
    }
  });

  it('watches SES reputation below the review thresholds', () => {
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'gomart-dev-ses-bounce-rate',
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.04,
    });
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'gomart-dev-ses-complaint-rate',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0008,
    });
  });

  it('alarms on what the app reports through EMF, on the [Service] dimension set', () => {
    const appAlarms = [...alarms.values()].filter((alarm) =>
      reads(alarm.AlarmName).some((metric) => metric.startsWith(`${APP_METRICS_NAMESPACE}/`)),
    );
    expect(appAlarms.map((alarm) => alarm.AlarmName)).toEqual(
      expect.arrayContaining([
        'gomart-dev-orders-rejected',
        'gomart-dev-orders-placement-p99',
        'gomart-dev-orders-outbox-age',
        'gomart-dev-catalog-cache-circuit-open',
        'gomart-dev-notifications-consumer-failures',
        'gomart-dev-catalog-load-shed',
        'gomart-dev-mail-stalled',
      ]),
    );
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'gomart-dev-orders-outbox-age',
      Namespace: 'GoMart',
      MetricName: 'OutboxAgeSeconds',
      Dimensions: [{ Name: 'Service', Value: 'orders' }],
      Threshold: 300,
    });
  });

  it('notifies the encrypted alarm topic, and draws one dashboard with the app metrics', () => {
    for (const alarm of alarms.values()) {
      if (alarm.AlarmName.includes('-deploy-')) continue; // ECS reads those; nobody needs mail about them
      expect({ name: alarm.AlarmName, actions: alarm.AlarmActions?.length }).toEqual({
        name: alarm.AlarmName,
        actions: 1,
      });
    }
    services.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'gomart-dev-alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    services.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const [dashboard] = resourcesOfType(dev.json(dev.services), 'AWS::CloudWatch::Dashboard').map(
      ([, resource]) => resource.Properties?.DashboardBody,
    );
    const body = JSON.stringify(dashboard);
    for (const metric of [
      'OrdersPlaced',
      'PlacementLatency',
      'CacheHits',
      'ConsumerFailures',
      'LoadShed',
      'RateLimited',
    ]) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('SEARCH(');
  });
});
