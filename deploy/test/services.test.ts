import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { AssetManifestArtifact } from 'aws-cdk-lib/cx-api';
import { eventConsumers, serviceDefinitions } from '../lib/services';
import { containerEnvironments, type Estate, prodMinimal, resourcesOfType, synthesize } from './estate';

const routed = serviceDefinitions.filter((service) => service.routes.length > 0).map((service) => service.name);
const consumers: readonly string[] = eventConsumers;

interface TargetTracking {
  readonly PredefinedMetricSpecification?: { readonly PredefinedMetricType: string };
  readonly CustomizedMetricSpecification?: {
    readonly Metrics: { readonly MetricStat?: { readonly Metric: { readonly MetricName: string } } }[];
  };
}

/** Logical id prefix of a service's resources (construct ids lose their dashes). */
const logical = (name: string): string => name.replaceAll('-', '');

describe('services', () => {
  let dev: Estate;
  let prod: Estate;
  let services: Template;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    prod = synthesize({ ...prodMinimal });
    services = dev.template(dev.services);
  });

  it('runs one Fargate service per app, starting at the minimum count, rolling back failed deployments', () => {
    services.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'gomart-dev',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    for (const { name } of serviceDefinitions) {
      services.hasResourceProperties('AWS::ECS::Service', {
        ServiceName: `gomart-dev-${name}`,
        DesiredCount: 1,
        // dev runs on Spot; deployments never drop below the running count and roll back on failure.
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
        DeploymentConfiguration: Match.objectLike({
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        }),
      });
    }
    prod.template(prod.services).allResourcesProperties('AWS::ECS::Service', { DesiredCount: 2 });
  });

  it('creates the services only after the cluster has its capacity providers', () => {
    const template = dev.json(dev.services);
    const [association] = resourcesOfType(template, 'AWS::ECS::ClusterCapacityProviderAssociations').map(([id]) => id);
    for (const [, service] of resourcesOfType(template, 'AWS::ECS::Service')) {
      expect(service.DependsOn).toEqual(expect.arrayContaining([association]));
    }
  });

  it('deploys the routed services as a canary that rolls back on the new tasks 5xx and p99', () => {
    for (const name of routed) {
      services.hasResourceProperties('AWS::ECS::Service', {
        ServiceName: `gomart-dev-${name}`,
        DeploymentConfiguration: Match.objectLike({
          Strategy: 'CANARY',
          CanaryConfiguration: { CanaryPercent: 20, CanaryBakeTimeInMinutes: 2 },
          BakeTimeInMinutes: 1,
          Alarms: {
            AlarmNames: [
              `gomart-dev-${name}-deploy-5xx`,
              `gomart-dev-${name}-deploy-p99`,
              ...(consumers.includes(name) ? [`gomart-dev-${name}-deploy-consumer-failures`] : []),
            ],
            Enable: true,
            Rollback: true,
          },
        }),
        LoadBalancers: [
          Match.objectLike({
            ContainerName: 'app',
            ContainerPort: 3000,
            AdvancedConfiguration: Match.objectLike({
              AlternateTargetGroupArn: Match.anyValue(),
              ProductionListenerRule: Match.anyValue(),
              RoleArn: Match.anyValue(),
            }),
          }),
        ],
      });
      // The rollback alarms read both target groups: the live one alternates per deployment.
      services.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `gomart-dev-${name}-deploy-p99`,
        Threshold: 2,
        Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('^MAX\\(\\[FILL') })]),
      });
    }
    // The worker has no load balancer: a rolling deployment, rolled back on consumer failures.
    services.hasResourceProperties('AWS::ECS::Service', {
      ServiceName: 'gomart-dev-notifications',
      LoadBalancers: [],
      DeploymentConfiguration: Match.objectLike({
        Strategy: 'ROLLING',
        Alarms: { AlarmNames: ['gomart-dev-notifications-deploy-consumer-failures'], Enable: true, Rollback: true },
      }),
    });
  });

  it('builds each image from the Dockerfile with its APP build argument, for x86-64', () => {
    const manifest = dev.app
      .synth()
      .artifacts.find((artifact) => artifact.id === 'gomart-dev-services.assets') as AssetManifestArtifact;
    const images = Object.values(manifest.contents.dockerImages ?? {}).map((image) => image.source);
    expect(images.map((image) => image.dockerBuildArgs?.APP).sort()).toEqual(
      serviceDefinitions.map((s) => s.name).sort(),
    );
    for (const image of images) expect(image.platform).toBe('linux/amd64');
  });

  it('runs the pipeline-built tag from the per-app ECR repositories when one is given', () => {
    const tagged = synthesize({ env: 'dev', imageTag: '0123abc' });
    const [task] = resourcesOfType(tagged.json(tagged.services), 'AWS::ECS::TaskDefinition').filter(
      ([, definition]) => definition.Properties?.Family === 'gomart-dev-orders',
    );
    const [container] = task?.[1].Properties?.ContainerDefinitions as { Image: unknown }[];
    expect(JSON.stringify(container?.Image)).toMatch(/gomart\/orders:0123abc/);
  });

  it('checks readiness on /health/ready with tight thresholds and drains for 30 s, two groups per routed service', () => {
    services.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', routed.length * 2);
    services.allResourcesProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health/ready',
      Matcher: { HttpCode: '200' },
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });

  it('gives the container a stop timeout that covers the app drain and shutdown timeouts', () => {
    services.allResourcesProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          StopTimeout: 40,
          ReadonlyRootFilesystem: true,
          HealthCheck: Match.objectLike({ Command: Match.arrayWith([Match.stringLikeRegexp('/health/live')]) }),
          PortMappings: [
            Match.objectLike({ ContainerPort: 3000, Name: 'http' }),
            Match.objectLike({ ContainerPort: 4000, Name: 'tcp' }),
          ],
        }),
      ]),
    });
    for (const environment of Object.values(containerEnvironments(dev))) {
      expect(environment).toMatchObject({
        PORT: '3000',
        TCP_PORT: '4000',
        SHUTDOWN_DRAIN_MS: '10000',
        SHUTDOWN_TIMEOUT_MS: '25000',
      });
    }
  });

  it('bounds the app heap to three quarters of the task memory left beside the collector', () => {
    // dev tasks have 512 MiB: (512 - 64) * 0.75.
    for (const environment of Object.values(containerEnvironments(dev))) {
      expect(environment).toMatchObject({ NODE_OPTIONS: '--max-old-space-size=336' });
    }
    services.allResourcesProperties('AWS::ECS::TaskDefinition', { Memory: '512' });
  });

  it('sends the spans of every app to an ADOT collector sidecar that exports to X-Ray with the task role', () => {
    const tasks = resourcesOfType(dev.json(dev.services), 'AWS::ECS::TaskDefinition');
    expect(tasks).toHaveLength(serviceDefinitions.length);
    for (const [, task] of tasks) {
      const containers = task.Properties?.ContainerDefinitions as { Name: string; Image: unknown; Essential?: boolean; DependsOn?: unknown[] }[];
      expect(containers.map((container) => container.Name)).toEqual(['app', 'otel-collector']);
      expect(containers[1]).toMatchObject({ Image: expect.stringMatching(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d/), Essential: false });
      expect(containers[0]!.DependsOn).toEqual([{ ContainerName: 'otel-collector', Condition: 'START' }]);
    }
    for (const environment of Object.values(containerEnvironments(dev))) {
      expect(environment).toMatchObject({ TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    }
    services.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']), Resource: '*' })]),
      }),
    });
  });

  it('gives Redis (URL and AUTH token) to the cache users only', () => {
    const environments = containerEnvironments(dev);
    const secrets = Object.fromEntries(
      resourcesOfType(dev.json(dev.services), 'AWS::ECS::TaskDefinition').map(([, task]) => {
        const [container] = task.Properties?.ContainerDefinitions as { Secrets?: { Name: string }[] }[];
        return [task.Properties?.Family as string, (container?.Secrets ?? []).map((secret) => secret.Name)];
      }),
    );
    for (const { name, usesCache } of serviceDefinitions) {
      expect({ name, url: 'REDIS_URL' in (environments[`gomart-dev-${name}`] ?? {}) }).toEqual({
        name,
        url: usesCache,
      });
      expect({ name, secrets: secrets[`gomart-dev-${name}`] }).toEqual({
        name,
        secrets: usesCache ? ['REDIS_PASSWORD'] : [],
      });
    }
    expect(serviceDefinitions.filter((service) => service.usesCache).map((service) => service.name)).toEqual([
      'catalog',
    ]);
  });

  it('registers every service in the Cloud Map namespace with its TCP port', () => {
    services.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'gomart-dev.internal' });
    for (const { name } of serviceDefinitions) {
      services.hasResourceProperties('AWS::ServiceDiscovery::Service', {
        Name: name,
        DnsConfig: Match.objectLike({ DnsRecords: [{ Type: 'SRV', TTL: 10 }] }),
      });
    }
    services.allResourcesProperties('AWS::ECS::Service', {
      ServiceRegistries: [Match.objectLike({ ContainerName: 'app', ContainerPort: 4000 })],
    });
  });

  it('scales on CPU, routed services on requests per task over both groups, consumers on backlog per task', () => {
    services.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', serviceDefinitions.length);
    services.allResourcesProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
    const policies = resourcesOfType(dev.json(dev.services), 'AWS::ApplicationAutoScaling::ScalingPolicy').map(
      ([, policy]) => policy.Properties?.TargetTrackingScalingPolicyConfiguration as TargetTracking,
    );
    const cpu = policies.filter(
      (policy) => policy.PredefinedMetricSpecification?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization',
    );
    expect(cpu).toHaveLength(serviceDefinitions.length);
    const custom = policies.flatMap((policy) =>
      policy.CustomizedMetricSpecification ? [policy.CustomizedMetricSpecification.Metrics] : [],
    );
    const reading = (metricName: string) =>
      custom.filter((metrics) => metrics.some((metric) => metric.MetricStat?.Metric.MetricName === metricName));
    const requests = reading('RequestCountPerTarget');
    expect(requests).toHaveLength(routed.length);
    for (const metrics of requests) expect(metrics.filter((metric) => metric.MetricStat)).toHaveLength(2);
    const backlog = reading('ApproximateNumberOfMessagesVisible');
    expect(backlog).toHaveLength(consumers.length);
    for (const metrics of backlog) {
      expect(metrics.at(-1)).toEqual({ Id: 'backlog', Expression: 'visible / tasks', ReturnData: true });
    }
    services.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'gomart-dev-notifications-Backlog',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 100 }),
    });
  });

  it('lets only the ALB reach the HTTP port and only declared callers reach the TCP port', () => {
    const ingress = resourcesOfType(dev.json(dev.services), 'AWS::EC2::SecurityGroupIngress').map(
      ([, rule]) => rule.Properties ?? {},
    );
    const group = (reference: unknown) => JSON.stringify(reference).match(/"([a-z]+)SecurityGroup/)?.[1];
    const tcp = ingress.filter((rule) => rule.FromPort === 4000).map((rule) => `${group(rule.SourceSecurityGroupId)} -> ${group(rule.GroupId)}`);
    const declared = serviceDefinitions.flatMap(({ name, calls }) => calls.map((callee) => `${logical(name)} -> ${logical(callee)}`));
    expect(tcp.sort()).toEqual(declared.sort());
    expect(declared).toContain('orders -> catalog');
    const http = ingress.filter((rule) => rule.FromPort === 3000);
    expect(http.map((rule) => JSON.stringify(rule.GroupId).match(/"([a-z]+)SecurityGroup/)?.[1]).sort()).toEqual(
      routed.map(logical).sort(),
    );
    for (const rule of http) expect(JSON.stringify(rule.SourceSecurityGroupId)).toContain('LoadBalancerSecurityGroup');
  });

  it('fronts the ALB with an HTTP API over a VPC link, throttled and access-logged', () => {
    services.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      ConnectionType: 'VPC_LINK',
    });
    services.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ Format: Match.stringLikeRegexp('requestId') }),
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('keeps each log group for the profile retention', () => {
    services.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });
});
