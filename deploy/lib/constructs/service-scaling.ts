import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** One input of a metric-math target: a metric, or an expression over the ids before it. */
export interface MetricQuery {
  /** Lower-case first letter, unique in the query list. */
  readonly id: string;
  readonly metric?: cloudwatch.Metric;
  readonly expression?: string;
}

export interface ServiceScalingProps {
  /** Prefix of the scaling policy names (the ECS service name). */
  readonly name: string;
  readonly service: ecs.FargateService;
  readonly cluster: ecs.ICluster;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly targetCpuPercent: number;
}

const SCALE_OUT_COOLDOWN = Duration.seconds(60);
const SCALE_IN_COOLDOWN = Duration.seconds(180);

/**
 * The task count of one service between its bounds: target tracking on CPU, plus any number of
 * metric-math targets (requests per task over both target groups, queue backlog per task),
 * which the L2 scaling API cannot express. The scaling with the highest demand wins.
 */
export class ServiceScaling extends Construct {
  readonly target: appscaling.ScalableTarget;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceScalingProps) {
    super(scope, id);
    this.name = props.name;
    this.target = new appscaling.ScalableTarget(this, 'TaskCount', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      resourceId: `service/${props.cluster.clusterName}/${props.service.serviceName}`,
      scalableDimension: 'ecs:service:DesiredCount',
      minCapacity: props.minTasks,
      maxCapacity: props.maxTasks,
      // The service-linked role ECS scaling uses anyway; no role of our own.
      role: iam.Role.fromRoleArn(
        this,
        'ScalingRole',
        Stack.of(this).formatArn({
          service: 'iam',
          region: '',
          resource: 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com',
          resourceName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
        }),
      ),
    });
    this.target.scaleToTrackMetric('Cpu', {
      predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
      targetValue: props.targetCpuPercent,
      scaleOutCooldown: SCALE_OUT_COOLDOWN,
      scaleInCooldown: SCALE_IN_COOLDOWN,
    });
  }

  /** Keeps the last query's value (per minute) near `targetValue` by adding or removing tasks. */
  trackMetricMath(id: string, targetValue: number, queries: readonly MetricQuery[]): appscaling.CfnScalingPolicy {
    const last = queries.length - 1;
    return new appscaling.CfnScalingPolicy(this, id, {
      policyName: `${this.name}-${id}`,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        scaleOutCooldown: SCALE_OUT_COOLDOWN.toSeconds(),
        scaleInCooldown: SCALE_IN_COOLDOWN.toSeconds(),
        customizedMetricSpecification: {
          metrics: queries.map((query, index) => ({
            id: query.id,
            expression: query.expression,
            metricStat: query.metric && metricStat(query.metric),
            returnData: index === last,
          })),
        },
      },
    });
  }
}

function metricStat(metric: cloudwatch.Metric): appscaling.CfnScalingPolicy.TargetTrackingMetricStatProperty {
  const stat = metric.toMetricConfig().metricStat;
  if (!stat) throw new Error(`${metric.metricName}: target tracking needs a plain metric`);
  return {
    metric: { namespace: stat.namespace, metricName: stat.metricName, dimensions: stat.dimensions },
    stat: stat.statistic,
  };
}
