import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** `<prefix>`: alarms are named `<prefix>-<subject>-<condition>`, the dashboard `<prefix>`. */
  readonly namePrefix: string;
  readonly alarmEmail?: string;
  readonly removalPolicy: RemovalPolicy;
}

/** What an alarm watches and when it trips; name, notification and missing-data handling are added. */
export type AlarmSpec = Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>;

/**
 * The alarm topic (KMS-encrypted, optionally mailed), a uniform way to add alarms that notify
 * it on ALARM and OK, and one dashboard whose alarm-status row lists every alarm. The concerns
 * that watch something (services, data, mail) add their alarms and graphs here.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;

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

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.namePrefix,
      defaultInterval: Duration.hours(3),
    });
    // Rendered last, so it lists every alarm added by then.
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
  }

  /**
   * Adds `<prefix>-<subject>` notifying the topic. Missing data is not breaching unless the
   * spec says otherwise: most of these metrics only exist while something happens.
   */
  alarm(subject: string, description: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, subject, {
      alarmName: `${this.namePrefix}-${subject}`,
      alarmDescription: description,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...spec,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** A titled row of graphs, each half the dashboard wide unless there is only one. */
  addSection(title: string, graphs: readonly cloudwatch.GraphWidgetProps[]): void {
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${title}`, width: 24, height: 1 }));
    const width = graphs.length === 1 ? 24 : 12;
    this.dashboard.addWidgets(...graphs.map((graph) => new cloudwatch.GraphWidget({ width, ...graph })));
  }
}
