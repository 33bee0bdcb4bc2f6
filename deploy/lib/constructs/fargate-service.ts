import { Duration, type RemovalPolicy, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeploymentProfile, ServiceSizing } from '../config';
import { createAppTask } from './app-task';
import { ServiceScaling } from './service-scaling';
import { type ServiceRouting, ServiceTraffic } from './service-traffic';

export type { ServiceRouting };

/** Graceful shutdown timings handed to the app; the container's stop timeout is derived from them. */
export interface ShutdownTimings {
  /** After SIGTERM, readiness answers 503 for this long while requests still arrive. */
  readonly drain: Duration;
  /** Then in-flight work gets this long before the process exits. */
  readonly timeout: Duration;
}

export interface FargateAppServiceProps {
  /** The app's name: the container's log stream prefix and its Cloud Map service name. */
  readonly appName: string;
  /** Physical name of the ECS service, task family, log group and its alarms' prefix. */
  readonly serviceName: string;
  readonly cluster: ecs.ICluster;
  readonly image: ecs.ContainerImage;
  readonly sizing: ServiceSizing;
  /** FARGATE_SPOT runs the tasks on spare capacity; interruptions arrive as SIGTERM with 2 minutes' notice. */
  readonly capacityProvider: 'FARGATE' | 'FARGATE_SPOT';
  readonly ports: { readonly http: number; readonly tcp: number };
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, ecs.Secret>>;
  readonly namespace: servicediscovery.INamespace;
  /** Public HTTP routes through the ALB; a worker without routes deploys rolling, behind no load balancer. */
  readonly routing?: ServiceRouting;
  readonly deployment: DeploymentProfile;
  /**
   * Event deliveries the service failed to handle, per minute (queue consumers): a deployment
   * also rolls back when its tasks fail five or more a minute for two minutes.
   */
  readonly consumerFailures?: cloudwatch.IMetric;
  /** The role ECS assumes to shift listener weights (routed services only). */
  readonly deploymentRole: iam.IRole;
  readonly shutdown: ShutdownTimings;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** Readiness path for the ALB; liveness is checked inside the container. */
export const READINESS_PATH = '/health/ready';
export { LIVENESS_PATH } from './app-task';

/**
 * One application (one image, `APP=<name>`) as a Fargate service in the private subnets:
 * HTTP behind the shared internal ALB with canary deployments that roll back on the new
 * tasks' 5xx or p99 latency (routed services), TCP for internal calls registered in Cloud Map
 * (SRV record, so instances carry their port), graceful shutdown timings, a read-only root
 * filesystem, its own log group and task role, and target tracking scaling.
 */
export class FargateAppService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskRole: iam.IRole;
  readonly executionRole: iam.IRole;
  readonly traffic?: ServiceTraffic;
  readonly scaling: ServiceScaling;
  readonly logGroup: logs.LogGroup;
  private readonly tcpPort: number;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FargateAppServiceProps,
  ) {
    super(scope, id);
    const { ports, sizing } = props;
    this.tcpPort = ports.tcp;
    // Cost allocation and log queries per service.
    Tags.of(this).add('service', props.appName);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/ecs/${props.serviceName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const { taskDefinition, container } = createAppTask(this, { ...props, logGroup: this.logGroup });
    this.taskRole = taskDefinition.taskRole;
    this.executionRole = taskDefinition.obtainExecutionRole();

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${props.serviceName} tasks`,
      allowAllOutbound: false,
    });
    // AWS APIs (through NAT or the VPC endpoints) and Cognito's JWKS; Redis and calls to
    // other services get their own rules where they are granted.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');

    const { deployment } = props;
    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: props.serviceName,
      cluster: props.cluster,
      taskDefinition,
      // Start at the minimum; later template updates leave the scaled count alone (unchanged value).
      desiredCount: sizing.minTasks,
      securityGroups: [securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      deploymentStrategy: props.routing ? ecs.DeploymentStrategy.CANARY : ecs.DeploymentStrategy.ROLLING,
      canaryConfiguration: props.routing
        ? { stepPercent: deployment.canaryPercent, stepBakeTime: deployment.canaryBake }
        : undefined,
      bakeTime: props.routing ? deployment.bake : undefined,
      healthCheckGracePeriod: props.routing ? Duration.seconds(60) : undefined,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      capacityProviderStrategies: [{ capacityProvider: props.capacityProvider, weight: 1 }],
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      cloudMapOptions: {
        name: props.appName,
        cloudMapNamespace: props.namespace,
        dnsRecordType: servicediscovery.DnsRecordType.SRV,
        dnsTtl: Duration.seconds(10),
        container,
        containerPort: ports.tcp,
      },
    });

    const rollbackAlarms: cloudwatch.Alarm[] = [];
    if (props.routing) {
      this.traffic = new ServiceTraffic(this, 'Traffic', {
        name: props.appName,
        vpc: props.cluster.vpc,
        service: this.service,
        containerName: container.containerName,
        port: ports.http,
        healthCheckPath: READINESS_PATH,
        routing: props.routing,
        deploymentRole: props.deploymentRole,
      });
      rollbackAlarms.push(...this.traffic.rollbackAlarms(props.serviceName, deployment));
    }
    if (props.consumerFailures) rollbackAlarms.push(this.consumerRollbackAlarm(props.consumerFailures));
    if (rollbackAlarms.length > 0) this.rollbackOn(rollbackAlarms);

    this.scaling = new ServiceScaling(this, 'Scaling', {
      name: props.serviceName,
      service: this.service,
      cluster: props.cluster,
      minTasks: sizing.minTasks,
      maxTasks: sizing.maxTasks,
      targetCpuPercent: sizing.targetCpuPercent,
    });
    if (this.traffic) {
      this.scaling.trackMetricMath('Requests', sizing.targetRequestsPerTask, [
        ...this.traffic.requestsPerTaskMetrics(Duration.minutes(1)),
      ]);
    }
  }

  get connections(): ec2.Connections {
    return this.service.connections;
  }

  /** Lets another service call this one on its TCP microservice port. */
  allowCallsFrom(caller: FargateAppService): void {
    this.connections.allowFrom(caller, ec2.Port.tcp(this.tcpPort), `${caller.node.id} calls ${this.node.id}`);
  }

  /** Running tasks as Container Insights counts them. */
  metricRunningTasks(period: Duration): cloudwatch.Metric {
    return this.containerInsights('RunningTaskCount', period);
  }

  metricDesiredTasks(period: Duration): cloudwatch.Metric {
    return this.containerInsights('DesiredTaskCount', period);
  }

  /** Adds tasks when a queue's backlog per running task passes `backlogPerTask` messages. */
  scaleOnBacklog(queue: sqs.IQueue, backlogPerTask: number): void {
    this.scaling.trackMetricMath('Backlog', backlogPerTask, [
      { id: 'visible', metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Average' }) },
      { id: 'tasks', metric: this.metricRunningTasks(Duration.minutes(1)).with({ statistic: 'Average' }) },
      { id: 'backlog', expression: 'visible / tasks' },
    ]);
  }

  /**
   * A deployment whose new tasks set off one of these alarms is rolled back. Called once (the
   * CDK method keeps only its first list); the alarms need explicit names, since the service
   * refers to them by name and a generated one would be a reference.
   */
  private rollbackOn(alarms: readonly cloudwatch.Alarm[]): void {
    const names = alarms.map((alarm) => {
      const name = (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName;
      if (name === undefined || Token.isUnresolved(name)) throw new Error(`${alarm.node.path}: give the alarm a name`);
      return name;
    });
    this.service.enableDeploymentAlarms(names, { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    for (const alarm of alarms) this.service.node.addDependency(alarm);
  }

  private consumerRollbackAlarm(metric: cloudwatch.IMetric): cloudwatch.Alarm {
    const { serviceName } = this.props;
    return new cloudwatch.Alarm(this, 'RollbackConsumerFailures', {
      alarmName: `${serviceName}-deploy-consumer-failures`,
      alarmDescription: `Rolls a ${serviceName} deployment back: it fails to handle order events`,
      metric,
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private containerInsights(metricName: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName,
      dimensionsMap: { ClusterName: this.props.cluster.clusterName, ServiceName: this.props.serviceName },
      statistic: 'Minimum',
      period,
    });
  }
}
