import { Match, type Template } from 'aws-cdk-lib/assertions';
import { serviceDefinitions } from '../lib/services';
import type { AssetManifestArtifact } from 'aws-cdk-lib/cx-api';
import { containerEnvironments, type Estate, resourcesOfType, synthesize } from './estate';

describe('services', () => {
  let dev: Estate;
  let services: Template;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    services = dev.template(dev.services);
  });

  it('runs one Fargate service per app in an ECS cluster with Container Insights', () => {
    services.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: 'gomart-dev',
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    for (const { name } of serviceDefinitions) {
      services.hasResourceProperties('AWS::ECS::Service', {
        ServiceName: `gomart-dev-${name}`,
        // dev runs on Spot; deployments never drop below the running count and roll back on failure.
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
        DeploymentConfiguration: {
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        },
      });
    }
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

  it('checks readiness on /health/ready with tight thresholds and drains for 30 s', () => {
    services.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 4);
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
      ContainerDefinitions: [
        Match.objectLike({
          StopTimeout: 40,
          ReadonlyRootFilesystem: true,
          HealthCheck: Match.objectLike({ Command: Match.arrayWith([Match.stringLikeRegexp('/health/live')]) }),
          PortMappings: [
            Match.objectLike({ ContainerPort: 3000, Name: 'http' }),
            Match.objectLike({ ContainerPort: 4000, Name: 'tcp' }),
          ],
        }),
      ],
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

  it('routes each path prefix to its service, only with the CloudFront origin header', () => {
    for (const { pathPrefix } of serviceDefinitions) {
      services.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Conditions: [
          { Field: 'path-pattern', PathPatternConfig: { Values: [pathPrefix, `${pathPrefix}/*`] } },
          Match.objectLike({
            Field: 'http-header',
            HttpHeaderConfig: Match.objectLike({ HttpHeaderName: 'x-origin-verify' }),
          }),
        ],
      });
    }
    services.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) }),
      ],
    });
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

  it('scales each service on CPU and on requests per task', () => {
    services.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 4);
    services.allResourcesProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
    const policies = resourcesOfType(dev.json(dev.services), 'AWS::ApplicationAutoScaling::ScalingPolicy').map(
      ([, policy]) =>
        (
          policy.Properties?.TargetTrackingScalingPolicyConfiguration as {
            PredefinedMetricSpecification: { PredefinedMetricType: string };
          }
        ).PredefinedMetricSpecification.PredefinedMetricType,
    );
    expect(policies.filter((type) => type === 'ECSServiceAverageCPUUtilization')).toHaveLength(4);
    expect(policies.filter((type) => type === 'ALBRequestCountPerTarget')).toHaveLength(4);
  });

  it('lets only the ALB reach the HTTP port and only orders reach catalog on the TCP port', () => {
    const ingress = resourcesOfType(dev.json(dev.services), 'AWS::EC2::SecurityGroupIngress').map(
      ([, rule]) => rule.Properties ?? {},
    );
    const tcp = ingress.filter((rule) => rule.FromPort === 4000);
    expect(tcp).toHaveLength(1);
    expect(JSON.stringify(tcp[0]?.GroupId)).toContain('catalogSecurityGroup');
    expect(JSON.stringify(tcp[0]?.SourceSecurityGroupId)).toContain('ordersSecurityGroup');
    const http = ingress.filter((rule) => rule.FromPort === 3000);
    expect(http).toHaveLength(4);
    for (const rule of http) expect(JSON.stringify(rule.SourceSecurityGroupId)).toContain('LoadBalancerSecurityGroup');
  });

  it('fronts the ALB with an HTTP API over a VPC link, tokens checked on the private prefixes', () => {
    services.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY',
      ConnectionType: 'VPC_LINK',
    });
    services.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ Format: Match.stringLikeRegexp('requestId') }),
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    for (const { pathPrefix, requireTokenAtGateway } of serviceDefinitions) {
      for (const path of [pathPrefix, `${pathPrefix}/{proxy+}`]) {
        services.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: `ANY ${path}`,
          AuthorizationType: requireTokenAtGateway ? 'JWT' : 'NONE',
        });
      }
    }
  });

  it('alarms on 5xx, p99 latency, unhealthy hosts and dead letters, with a dashboard', () => {
    const alarms = resourcesOfType(dev.json(dev.services), 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties?.AlarmName,
    );
    for (const { name } of serviceDefinitions) {
      expect(alarms).toEqual(
        expect.arrayContaining([
          `gomart-dev-${name}-5xx`,
          `gomart-dev-${name}-p99-latency`,
          `gomart-dev-${name}-unhealthy-hosts`,
        ]),
      );
    }
    expect(alarms).toEqual(
      expect.arrayContaining([
        'gomart-dev-alb-5xx',
        'gomart-dev-api-5xx',
        'gomart-dev-notifications-dlq-dead-letters',
        'gomart-dev-analytics-export-dlq-dead-letters',
        'gomart-dev-archive-dlq-dead-letters',
      ]),
    );
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'gomart-dev-orders-p99-latency',
      ExtendedStatistic: 'p99',
      Threshold: 2,
    });
    services.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('keeps each log group for the profile retention', () => {
    services.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });
});
