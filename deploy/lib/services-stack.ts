import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import { appMetric } from './app-metrics';
import type { GoMartConfig } from './config';
import type { Archive } from './constructs/archive';
import { type Cache, REDIS_AUTH_TOKEN_KEY } from './constructs/cache';
import { EstateMonitoring } from './constructs/estate-monitoring';
import { FargateAppService } from './constructs/fargate-service';
import { InternalLoadBalancer } from './constructs/internal-load-balancer';
import type { Mail } from './constructs/mail';
import type { OrderEvents } from './constructs/order-events';
import { PublicApi } from './constructs/public-api';
import { RedisAuthRotation } from './constructs/redis-auth-rotation';
import { AccessLogsBucket } from './constructs/secure-bucket';
import type { Tables } from './constructs/tables';
import type { UserDirectory } from './constructs/user-directory';
import { type ImageSource, serviceImage } from './images';
import { acknowledge } from './nag';
import { grantServiceAccess } from './service-access';
import { serviceEnvironment } from './service-environment';
import {
  type ServiceDefinition,
  type ServiceName,
  gatewayRouteKeys,
  serviceDefinitions,
  servicePorts,
} from './services';

export type { ImageSource };

export interface ServicesStackProps extends StackProps {
  readonly config: GoMartConfig;
  readonly vpc: ec2.IVpc;
  readonly image: ImageSource;
  readonly tables: Tables;
  readonly cache: Cache;
  readonly archive: Archive;
  readonly events: OrderEvents;
  readonly mail: Mail;
  readonly users: UserDirectory;
}

/** The name of the header CloudFront adds and the ALB requires (see Storefront). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The running system: ECS cluster, Cloud Map namespace, the internal ALB, one Fargate
 * service per app, the HTTP API in front of the ALB, the alarms and dashboard, and the Redis
 * AUTH token rotation.
 */
export class ServicesStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly namespace: servicediscovery.PrivateDnsNamespace;
  readonly loadBalancer: InternalLoadBalancer;
  readonly api: PublicApi;
  readonly monitoring: EstateMonitoring;
  readonly services: ReadonlyMap<ServiceName, FargateAppService>;
  readonly redisAuthRotation: RedisAuthRotation;
  /** What a smoke test needs to wait for the services and read their readiness (target health). */
  readonly smokeOutputs: {
    readonly cluster: CfnOutput;
    readonly services: CfnOutput;
    readonly targetGroups: CfnOutput;
  };
  /** The secret header CloudFront must send for the ALB to route a request. */
  readonly originVerifyHeader: { readonly name: string; readonly value: string };

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ServicesStackProps,
  ) {
    super(scope, id, props);
    const { config, vpc } = props;
    const { profile } = config;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: config.prefix,
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });
    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: config.namespaceName,
      vpc,
      description: 'Go Mart services (TCP microservice endpoints)',
    });

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', {
      expireAfter: profile.accessLogsExpireAfter,
      removalPolicy: profile.dataRemovalPolicy,
    });
    this.loadBalancer = new InternalLoadBalancer(this, 'LoadBalancer', {
      vpc,
      loadBalancerName: config.prefix,
      accessLogs,
      deletionProtection: profile.deletionProtection,
    });

    const originSecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
      description: `${config.prefix}: header value CloudFront sends and the internal ALB requires`,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
      removalPolicy: profile.dataRemovalPolicy,
    });
    acknowledge(
      originSecret,
      'SMG4',
      'The value is resolved into the CloudFront origin and ALB rules at deploy time; rotating it means ' +
        'redeploying both stacks, which the README describes, so a rotation Lambda would break routing.',
    );
    this.originVerifyHeader = { name: ORIGIN_VERIFY_HEADER, value: originSecret.secretValue.unsafeUnwrap() };

    const deploymentRole = this.createDeploymentRole();
    const services = new Map<ServiceName, FargateAppService>();
    for (const [index, definition] of serviceDefinitions.entries()) {
      services.set(definition.name, this.createService(definition, (index + 1) * 10, deploymentRole));
    }
    this.services = services;
    this.waitForCapacityProviders();
    for (const definition of serviceDefinitions) {
      grantServiceAccess(definition, { ...props, serviceOf: (name) => this.serviceOf(name) });
      if (definition.consumesEvents) {
        this.serviceOf(definition.name).scaleOnBacklog(
          props.events.queueOf(definition.name).queue,
          profile.consumerBacklogPerTask,
        );
      }
    }

    this.api = new PublicApi(this, 'Api', {
      apiName: config.prefix,
      vpc,
      loadBalancer: this.loadBalancer,
      userPool: props.users.userPool,
      userPoolClient: props.users.client,
      routes: serviceDefinitions.flatMap((service) =>
        service.routes.flatMap((route) =>
          gatewayRouteKeys(route).map((path) => ({ path, requireToken: route.requireToken })),
        ),
      ),
      throttle: profile.api,
      logRetention: profile.logRetention,
      removalPolicy: profile.dataRemovalPolicy,
    });

    this.monitoring = new EstateMonitoring(this, 'Monitoring', {
      config,
      cluster: this.cluster,
      loadBalancer: this.loadBalancer.loadBalancer,
      api: this.api.api,
      services,
      events: props.events,
      archive: props.archive,
      tables: props.tables,
      cache: props.cache,
    });

    this.redisAuthRotation = this.rotateRedisAuth();

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.api.apiEndpoint });
    new CfnOutput(this, 'CloudMapNamespace', { value: this.namespace.namespaceName });
    this.smokeOutputs = {
      cluster: new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName }),
      services: new CfnOutput(this, 'ServiceNames', {
        description: 'The ECS services, space-separated (the smoke test waits for them to be stable)',
        value: [...services.values()].map((service) => service.service.serviceName).join(' '),
      }),
      targetGroups: new CfnOutput(this, 'TargetGroupArns', {
        description: 'Both target groups of every routed service, space-separated (the ALB probes /health/ready)',
        value: Fn.join(
          ' ',
          [...services.values()].flatMap(
            (service) => service.traffic?.targetGroups.map((group) => group.targetGroupArn) ?? [],
          ),
        ),
      }),
    };
  }

  private createService(definition: ServiceDefinition, priority: number, deploymentRole: iam.IRole): FargateAppService {
    const { config, image, cache } = this.props;
    const { profile } = config;
    return new FargateAppService(this, definition.name, {
      appName: definition.name,
      serviceName: `${config.prefix}-${definition.name}`,
      cluster: this.cluster,
      image: serviceImage(this, definition.name, image),
      sizing: profile.service,
      capacityProvider: profile.fargateSpot ? 'FARGATE_SPOT' : 'FARGATE',
      ports: servicePorts,
      environment: serviceEnvironment(definition, {
        ...this.props,
        region: this.region,
        namespaceName: this.namespace.namespaceName,
      }),
      secrets: definition.usesCache
        ? { REDIS_PASSWORD: ecs.Secret.fromSecretsManager(cache.authSecret, REDIS_AUTH_TOKEN_KEY) }
        : {},
      namespace: this.namespace,
      routing:
        definition.routes.length > 0
          ? {
              listener: this.loadBalancer.listener,
              priority,
              pathPatterns: definition.routes.map((route) => route.pattern),
              requiredHeader: this.originVerifyHeader,
            }
          : undefined,
      deployment: profile.deployment,
      consumerFailures: definition.consumesEvents
        ? appMetric('ConsumerFailures', definition.name, { statistic: 'Sum', period: Duration.minutes(1) })
        : undefined,
      deploymentRole,
      shutdown: { drain: Duration.seconds(10), timeout: Duration.seconds(25) },
      logRetention: profile.logRetention,
      removalPolicy: profile.dataRemovalPolicy,
    });
  }

  /** Rotates the Redis AUTH token every 90 days, restarting the cache users in between (see the construct). */
  private rotateRedisAuth(): RedisAuthRotation {
    const { config, cache } = this.props;
    const rotation = new RedisAuthRotation(this, 'RedisAuthRotation', {
      name: `${config.prefix}-rotate-redis-auth`,
      replicationGroupId: cache.replicationGroupId,
      secret: cache.authSecret,
      cluster: this.cluster,
      cacheUsers: serviceDefinitions
        .filter((definition) => definition.usesCache)
        .map((definition) => this.serviceOf(definition.name).service),
      every: Duration.days(90),
      logRetention: config.profile.logRetention,
      removalPolicy: config.profile.dataRemovalPolicy,
    });
    this.monitoring.monitoring.alarm(
      'redis-auth-rotation-failed',
      'A Redis AUTH rotation stopped: both tokens stay valid; see the README runbook to finish it',
      { metric: rotation.metricFailed(), threshold: 0, evaluationPeriods: 1 },
    );
    return rotation;
  }

  /**
   * ECS moves the listener rule weights during a canary with this role (the AWS managed policy
   * ECS documents for it).
   */
  private createDeploymentRole(): iam.Role {
    const role = new iam.Role(this, 'DeploymentRole', {
      description: 'Lets ECS shift listener rule weights between target groups during canary deployments',
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers'),
      ],
    });
    acknowledge(
      role,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
      'ECS blue/green and canary deployments document this AWS managed policy for the infrastructure role; ' +
        'it covers only the Elastic Load Balancing calls the deployment controller makes.',
    );
    return role;
  }

  /**
   * A service created before the cluster's capacity providers are associated fails to place
   * tasks on FARGATE_SPOT. The association is added by an aspect at synthesis, as a child of
   * the cluster, so depending on the cluster construct covers it.
   */
  private waitForCapacityProviders(): void {
    for (const service of this.services.values()) service.service.node.addDependency(this.cluster);
  }

  private serviceOf(name: ServiceName): FargateAppService {
    const service = this.services.get(name);
    if (!service) throw new Error(`ServicesStack: no service named ${name}`);
    return service;
  }
}
