import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** ALB rules allow five condition values; the origin header takes one. */
export const MAX_PATH_PATTERNS_PER_RULE = 4;

export interface ServiceRouting {
  readonly listener: elbv2.IApplicationListener;
  /** Unique among the listener's rules; lower is evaluated first. */
  readonly priority: number;
  readonly pathPatterns: readonly string[];
  /** A header every routed request must carry (the CloudFront origin secret). */
  readonly requiredHeader?: { readonly name: string; readonly value: string };
}

/** When a deployment's new tasks count as failing. */
export interface RollbackLimits {
  readonly rollback5xxPerMinute: number;
  readonly rollbackP99Seconds: number;
}

export interface ServiceTrafficProps {
  /** The app name; metric ids in graphs and alarms are made from it, so graphs can combine services. */
  readonly name: string;
  readonly vpc: ec2.IVpc;
  readonly service: ecs.FargateService;
  readonly containerName: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly routing: ServiceRouting;
  /** The role ECS assumes to shift the listener rule's weights during a deployment. */
  readonly deploymentRole: iam.IRole;
}

/**
 * The HTTP side of a service: one listener rule forwarding to a pair of target groups, so
 * ECS can deploy blue/green with a canary (it registers the new tasks in the idle group and
 * shifts the rule's weights). Which group is live alternates from one deployment to the next,
 * so every metric here covers both groups.
 */
export class ServiceTraffic extends Construct {
  readonly targetGroups: readonly [elbv2.ApplicationTargetGroup, elbv2.ApplicationTargetGroup];
  readonly rule: elbv2.ApplicationListenerRule;
  private readonly metricId: string;

  constructor(scope: Construct, id: string, props: ServiceTrafficProps) {
    super(scope, id);
    const { routing } = props;
    this.metricId = props.name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (routing.pathPatterns.length === 0 || routing.pathPatterns.length > MAX_PATH_PATTERNS_PER_RULE) {
      // ECS shifts the weights of exactly one production rule per service.
      throw new Error(`${id}: between 1 and ${MAX_PATH_PATTERNS_PER_RULE} path patterns fit one listener rule`);
    }
    const targetGroup = (name: string): elbv2.ApplicationTargetGroup =>
      new elbv2.ApplicationTargetGroup(this, name, {
        vpc: props.vpc,
        port: props.port,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        healthCheck: {
          path: props.healthCheckPath,
          healthyHttpCodes: '200',
          interval: Duration.seconds(10),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
        // ECS waits for draining before SIGTERM; 30 s lets in-flight requests finish on the ALB side.
        deregistrationDelay: Duration.seconds(30),
      });
    const blue = targetGroup('Blue');
    const green = targetGroup('Green');
    this.targetGroups = [blue, green];

    this.rule = new elbv2.ApplicationListenerRule(this, 'Route', {
      listener: routing.listener,
      priority: routing.priority,
      conditions: [
        elbv2.ListenerCondition.pathPatterns([...routing.pathPatterns]),
        ...(routing.requiredHeader
          ? [elbv2.ListenerCondition.httpHeader(routing.requiredHeader.name, [routing.requiredHeader.value])]
          : []),
      ],
      // Both groups sit in the rule from the start; ECS moves the weights during a deployment.
      action: elbv2.ListenerAction.weightedForward([
        { targetGroup: blue, weight: 100 },
        { targetGroup: green, weight: 0 },
      ]),
    });

    props.service
      .loadBalancerTarget({
        containerName: props.containerName,
        containerPort: props.port,
        alternateTarget: new ecs.AlternateTarget('Alternate', {
          alternateTargetGroup: green,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(this.rule),
          role: props.deploymentRole,
        }),
      })
      .attachToApplicationTargetGroup(blue);
  }

  /** Target 5xx answers summed over both groups. */
  metric5xx(period: Duration): cloudwatch.IMetric {
    return this.combine('FILL({a}, 0) + FILL({b}, 0)', period, (group) =>
      group.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
    );
  }

  /** p99 response time (seconds) of the slower group. */
  metricP99(period: Duration): cloudwatch.IMetric {
    return this.combine('MAX([FILL({a}, 0), FILL({b}, 0)])', period, (group) =>
      group.metrics.targetResponseTime({ period, statistic: 'p99' }),
    );
  }

  /** Requests summed over both groups. */
  metricRequests(period: Duration): cloudwatch.IMetric {
    return this.combine('FILL({a}, 0) + FILL({b}, 0)', period, (group) =>
      group.metrics.requestCount({ period, statistic: 'Sum' }),
    );
  }

  /** Tasks failing the readiness check, over both groups. */
  metricUnhealthyHosts(period: Duration): cloudwatch.IMetric {
    return this.combine('FILL({a}, 0) + FILL({b}, 0)', period, (group) =>
      group.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
    );
  }

  /**
   * Alarms that roll a deployment back (ECS watches them while the canary bakes): 5xx answers
   * and p99 response time over both groups, per minute. Traffic before the deployment is
   * healthy (or its own alarms have fired), so a breach during it is the new tasks'.
   */
  rollbackAlarms(serviceName: string, limits: RollbackLimits): cloudwatch.Alarm[] {
    const period = Duration.minutes(1);
    const common = {
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    return [
      new cloudwatch.Alarm(this, 'Rollback5xx', {
        ...common,
        alarmName: `${serviceName}-deploy-5xx`,
        alarmDescription: `Rolls a ${serviceName} deployment back: its tasks answer 5xx`,
        metric: this.metric5xx(period),
        threshold: limits.rollback5xxPerMinute,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
      }),
      new cloudwatch.Alarm(this, 'RollbackP99', {
        ...common,
        alarmName: `${serviceName}-deploy-p99`,
        alarmDescription: `Rolls a ${serviceName} deployment back: p99 response time above ${limits.rollbackP99Seconds}s`,
        metric: this.metricP99(period),
        threshold: limits.rollbackP99Seconds,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      }),
    ];
  }

  /**
   * Requests per registered task per period, for target tracking: each group's own
   * RequestCountPerTarget, taking the busier group while a canary splits the traffic.
   */
  requestsPerTaskMetrics(period: Duration): readonly { id: string; metric?: cloudwatch.Metric; expression?: string }[] {
    const [blue, green] = this.targetGroups;
    return [
      { id: 'a', metric: blue.metrics.requestCountPerTarget({ period, statistic: 'Sum' }) },
      { id: 'b', metric: green.metrics.requestCountPerTarget({ period, statistic: 'Sum' }) },
      { id: 'perTask', expression: 'MAX([FILL(a, 0), FILL(b, 0)])' },
    ];
  }

  private combine(
    expression: string,
    period: Duration,
    metric: (group: elbv2.ApplicationTargetGroup) => cloudwatch.IMetric,
  ): cloudwatch.MathExpression {
    const [blue, green] = this.targetGroups;
    const [a, b] = [`${this.metricId}_blue`, `${this.metricId}_green`];
    return new cloudwatch.MathExpression({
      expression: expression.replaceAll('{a}', a).replaceAll('{b}', b),
      usingMetrics: { [a]: metric(blue), [b]: metric(green) },
      period,
    });
  }
}
