import { Duration, type RemovalPolicy, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import type { ServiceSizing } from '../config';
import { acknowledge } from '../nag';

export interface ServiceRouting {
  readonly listener: elbv2.IApplicationListener;
  /** Unique among the listener's rules; lower is evaluated first. */
  readonly priority: number;
  readonly pathPatterns: readonly string[];
  /** A header every routed request must carry (the CloudFront origin secret). */
  readonly requiredHeader?: { readonly name: string; readonly value: string };
}

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
  /** Physical name of the ECS service, task family and log group. */
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
  readonly routing: ServiceRouting;
  readonly shutdown: ShutdownTimings;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** Readiness path for the ALB; liveness is checked inside the container. */
export const READINESS_PATH = '/health/ready';
export const LIVENESS_PATH = '/health/live';

/**
 * One application (one image, `APP=<name>`) as a Fargate service in the private subnets:
 * HTTP behind the shared internal ALB (path routing, readiness health checks), TCP for
 * internal calls registered in Cloud Map (SRV record, so instances carry their port),
 * graceful shutdown timings, a read-only root filesystem, its own log group and task role,
 * and target tracking on CPU and on requests per task.
 */
export class FargateAppService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskRole: iam.IRole;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly logGroup: logs.LogGroup;
  private readonly tcpPort: number;

  constructor(scope: Construct, id: string, props: FargateAppServiceProps) {
    super(scope, id);
    const { ports, shutdown, sizing } = props;
    this.tcpPort = ports.tcp;
    // Cost allocation and log queries per service.
    Tags.of(this).add('service', props.appName);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/ecs/${props.serviceName}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      family: props.serviceName,
      cpu: sizing.cpu,
      memoryLimitMiB: sizing.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskRole = taskDefinition.taskRole;
    // The root filesystem is read-only; the app and Node get a scratch /tmp.
    taskDefinition.addVolume({ name: 'tmp' });

    const container = taskDefinition.addContainer('app', {
      containerName: 'app',
      image: props.image,
      environment: {
        ...props.environment,
        PORT: String(ports.http),
        TCP_PORT: String(ports.tcp),
        SHUTDOWN_DRAIN_MS: String(shutdown.drain.toMilliseconds()),
        SHUTDOWN_TIMEOUT_MS: String(shutdown.timeout.toMilliseconds()),
      },
      secrets: { ...props.secrets },
      portMappings: [
        { name: 'http', containerPort: ports.http },
        { name: 'tcp', containerPort: ports.tcp },
      ],
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: props.appName,
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
      healthCheck: {
        // No curl in a slim Node image; Node's own fetch probes liveness.
        command: ['CMD', 'node', '-e', livenessProbe(ports.http)],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      // SIGTERM -> drain -> finish in-flight work -> exit, with 5 s to spare before SIGKILL.
      stopTimeout: shutdown.drain.plus(shutdown.timeout).plus(Duration.seconds(5)),
      readonlyRootFilesystem: true,
    });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
    acknowledge(
      taskDefinition.obtainExecutionRole(),
      'IAM5[Resource::*]',
      'The execution role needs ecr:GetAuthorizationToken, which has no resource-level permissions; image ' +
        'pulls, log writes and secret reads are limited to this service repository, log group and secret.',
    );
    acknowledge(
      taskDefinition,
      'ECS2',
      'Only non-secret configuration (names, ARNs, URLs, ports) is passed as environment variables; the one ' +
        'secret (REDIS_PASSWORD) is injected from Secrets Manager.',
    );

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${props.serviceName} tasks`,
      allowAllOutbound: false,
    });
    // AWS APIs (through NAT or the VPC endpoints) and Cognito's JWKS; Redis and calls to
    // other services get their own rules where they are granted.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: props.serviceName,
      cluster: props.cluster,
      taskDefinition,
      securityGroups: [securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
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

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.cluster.vpc,
      port: ports.http,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.service.loadBalancerTarget({ containerName: container.containerName, containerPort: ports.http })],
      healthCheck: {
        path: READINESS_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      // ECS waits for draining before SIGTERM; 30 s lets in-flight requests finish on the ALB side.
      deregistrationDelay: Duration.seconds(30),
    });

    const { routing } = props;
    new elbv2.ApplicationListenerRule(this, 'Route', {
      listener: routing.listener,
      priority: routing.priority,
      conditions: [
        elbv2.ListenerCondition.pathPatterns([...routing.pathPatterns]),
        ...(routing.requiredHeader
          ? [elbv2.ListenerCondition.httpHeader(routing.requiredHeader.name, [routing.requiredHeader.value])]
          : []),
      ],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });

    const scaling = this.service.autoScaleTaskCount({ minCapacity: sizing.minTasks, maxCapacity: sizing.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: sizing.targetCpuPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(180),
    });
    scaling.scaleOnRequestCount('Requests', {
      requestsPerTarget: sizing.targetRequestsPerTask,
      targetGroup: this.targetGroup,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(180),
    });
  }

  get connections(): ec2.Connections {
    return this.service.connections;
  }

  /** Lets another service call this one on its TCP microservice port. */
  allowCallsFrom(caller: FargateAppService): void {
    this.connections.allowFrom(caller, ec2.Port.tcp(this.tcpPort), `${caller.node.id} calls ${this.node.id}`);
  }
}

function livenessProbe(port: number): string {
  return (
    `fetch('http://127.0.0.1:${port}${LIVENESS_PATH}')` +
    '.then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))'
  );
}
