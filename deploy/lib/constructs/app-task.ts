import { Duration, Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ServiceSizing } from '../config';
import { acknowledge } from '../nag';

/** What the task of one app needs: its image, sizes, ports, configuration and shutdown timings. */
export interface AppTaskProps {
  readonly appName: string;
  /** The task family. */
  readonly serviceName: string;
  readonly image: ecs.ContainerImage;
  readonly sizing: ServiceSizing;
  readonly ports: { readonly http: number; readonly tcp: number };
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, ecs.Secret>>;
  readonly shutdown: { readonly drain: Duration; readonly timeout: Duration };
  readonly logGroup: logs.ILogGroup;
}

/**
 * The AWS Distro for OpenTelemetry collector beside every app (its default ECS configuration:
 * OTLP in on localhost:4317/4318, X-Ray out). Pinned: a collector upgrade is a reviewed change.
 */
export const ADOT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';

/** Where the app sends its spans (TRACING=otlp): the collector in the same task. */
export const COLLECTOR_OTLP_ENDPOINT = 'http://127.0.0.1:4318';

/** What the trace collector sidecar reserves of the task's memory. */
const COLLECTOR_MEMORY_MIB = 64;

/**
 * V8's old-space limit for the app: three quarters of what the task leaves beside the collector,
 * the rest for code, native buffers and the young generation. Without it V8 sizes the heap from
 * the host and lets it grow with the allocation rate (a 50k catalog holds about 115 MiB live
 * after a full collection, yet its process grew to 340–700 MiB under search and shopper load
 * on a 24 GiB machine); a limit makes it collect instead (384 MiB: the same search throughput,
 * RSS 270–290 MiB). BENCHMARKS.md, "Memory".
 */
export function heapLimitMiB(taskMemoryMiB: number): number {
  return Math.floor((taskMemoryMiB - COLLECTOR_MEMORY_MIB) * 0.75);
}

/** The container's own liveness probe path (the ALB checks readiness). */
export const LIVENESS_PATH = '/health/live';

/**
 * The Fargate task of one app: one container, read-only root filesystem with a scratch /tmp,
 * non-blocking logs, a liveness check with Node's own fetch, and a stop timeout that covers
 * the app's drain and shutdown.
 */
export function createAppTask(
  scope: Construct,
  props: AppTaskProps,
): { taskDefinition: ecs.FargateTaskDefinition; container: ecs.ContainerDefinition } {
  const { ports, shutdown, sizing } = props;
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'Task', {
    family: props.serviceName,
    cpu: sizing.cpu,
    memoryLimitMiB: sizing.memoryMiB,
    runtimePlatform: {
      cpuArchitecture: ecs.CpuArchitecture.X86_64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
    },
  });
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
      NODE_OPTIONS: `--max-old-space-size=${heapLimitMiB(sizing.memoryMiB)}`,
    },
    secrets: { ...props.secrets },
    portMappings: [
      { name: 'http', containerPort: ports.http },
      { name: 'tcp', containerPort: ports.tcp },
    ],
    logging: ecs.LogDrivers.awsLogs({
      logGroup: props.logGroup,
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
  addTraceCollector(taskDefinition, container, props);
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
      'secret (REDIS_PASSWORD, cache users only) is injected from Secrets Manager.',
  );
  return { taskDefinition, container };
}

/**
 * The ADOT collector sidecar: the app batches its spans to it over loopback, it forwards them
 * to X-Ray with the task role. Not essential: a collector that dies costs traces, not the shop.
 */
function addTraceCollector(taskDefinition: ecs.FargateTaskDefinition, app: ecs.ContainerDefinition, props: AppTaskProps): void {
  const collector = taskDefinition.addContainer('otel-collector', {
    containerName: 'otel-collector',
    image: ecs.ContainerImage.fromRegistry(ADOT_COLLECTOR_IMAGE),
    command: ['--config=/etc/ecs/ecs-default-config.yaml'],
    essential: false,
    memoryReservationMiB: COLLECTOR_MEMORY_MIB,
    readonlyRootFilesystem: true,
    logging: ecs.LogDrivers.awsLogs({
      logGroup: props.logGroup,
      streamPrefix: `${props.appName}-otel`,
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    }),
  });
  app.addContainerDependencies({ container: collector, condition: ecs.ContainerDependencyCondition.START });
  taskDefinition.addToTaskRolePolicy(
    new iam.PolicyStatement({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
      resources: ['*'],
    }),
  );
  acknowledge(
    taskDefinition.taskRole,
    'IAM5[Resource::*]',
    'X-Ray PutTraceSegments, PutTelemetryRecords and the sampling reads have no resource-level permissions.',
  );
}

function livenessProbe(port: number): string {
  return (
    `fetch('http://127.0.0.1:${port}${LIVENESS_PATH}')` +
    '.then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))'
  );
}
