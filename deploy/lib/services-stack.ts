import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import { type GoMartConfig, bucketName } from './config';
import type { Archive } from './constructs/archive';
import { type Cache, REDIS_AUTH_TOKEN_KEY } from './constructs/cache';
import { FargateAppService } from './constructs/fargate-service';
import { InternalLoadBalancer } from './constructs/internal-load-balancer';
import type { Mail } from './constructs/mail';
import { Monitoring } from './constructs/monitoring';
import type { OrderEvents } from './constructs/order-events';
import { PublicApi } from './constructs/public-api';
import { AccessLogsBucket } from './constructs/secure-bucket';
import { type Tables, grantItemAccess } from './constructs/tables';
import type { UserDirectory } from './constructs/user-directory';
import { acknowledge, acknowledgeWildcardResource } from './nag';
import { type ServiceDefinition, type ServiceName, serviceDefinitions, servicePorts } from './services';

/** Where the app image is built from: the repository root with its Dockerfile. */
export interface ImageSource {
  readonly directory: string;
  /** Dockerfile path relative to `directory`. */
  readonly file?: string;
}

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

/** Not part of the image: keeps asset hashes stable and the build context small. */
const imageExcludes = ['node_modules', '.git', 'dist', 'coverage', '.data', '.bench', 'deploy', '**/*.log', '.env*'];

/**
 * The running system: ECS cluster, Cloud Map namespace, the internal ALB, one Fargate
 * service per app, the HTTP API in front of the ALB, and the alarms and dashboard.
 */
export class ServicesStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly namespace: servicediscovery.PrivateDnsNamespace;
  readonly loadBalancer: InternalLoadBalancer;
  readonly api: PublicApi;
  readonly monitoring: Monitoring;
  readonly services: ReadonlyMap<ServiceName, FargateAppService>;
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

    const services = new Map<ServiceName, FargateAppService>();
    for (const [index, definition] of serviceDefinitions.entries()) {
      services.set(definition.name, this.createService(definition, (index + 1) * 10));
    }
    this.services = services;
    for (const definition of serviceDefinitions) this.grantAccess(definition);

    this.api = new PublicApi(this, 'Api', {
      apiName: config.prefix,
      vpc,
      loadBalancer: this.loadBalancer,
      userPool: props.users.userPool,
      userPoolClient: props.users.client,
      routes: serviceDefinitions.map((s) => ({ pathPrefix: s.pathPrefix, requireToken: s.requireTokenAtGateway })),
      throttle: profile.api,
      logRetention: profile.logRetention,
      removalPolicy: profile.dataRemovalPolicy,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      namePrefix: config.prefix,
      alarmEmail: config.alarmEmail,
      loadBalancer: this.loadBalancer.loadBalancer,
      api: this.api.api,
      services: [...services].map(([name, service]) => ({ name, service })),
      deadLetterQueues: [
        ...props.events.allQueues().map(({ deadLetterQueue }) => ({
          name: deadLetterQueue.node.id,
          queue: deadLetterQueue,
        })),
        { name: 'archive-dlq', queue: props.archive.deadLetterQueue },
      ],
      p99LatencySeconds: profile.alarms.p99LatencySeconds,
      target5xxPer5Min: profile.alarms.target5xxPer5Min,
      removalPolicy: profile.dataRemovalPolicy,
    });

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.api.apiEndpoint });
    new CfnOutput(this, 'CloudMapNamespace', { value: this.namespace.namespaceName });
    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
  }

  private createService(definition: ServiceDefinition, priority: number): FargateAppService {
    const { config, image } = this.props;
    const { profile } = config;
    const service = new FargateAppService(this, definition.name, {
      appName: definition.name,
      serviceName: `${config.prefix}-${definition.name}`,
      cluster: this.cluster,
      image: ecs.ContainerImage.fromAsset(image.directory, {
        file: image.file,
        buildArgs: { APP: definition.name },
        platform: Platform.LINUX_AMD64,
        exclude: imageExcludes,
      }),
      sizing: profile.service,
      capacityProvider: profile.fargateSpot ? 'FARGATE_SPOT' : 'FARGATE',
      ports: servicePorts,
      environment: this.environmentOf(definition),
      secrets: {
        REDIS_PASSWORD: ecs.Secret.fromSecretsManager(this.props.cache.authSecret, REDIS_AUTH_TOKEN_KEY),
      },
      namespace: this.namespace,
      routing: {
        listener: this.loadBalancer.listener,
        priority,
        pathPatterns: [definition.pathPrefix, `${definition.pathPrefix}/*`],
        requiredHeader: this.originVerifyHeader,
      },
      shutdown: { drain: Duration.seconds(10), timeout: Duration.seconds(25) },
      logRetention: profile.logRetention,
      removalPolicy: profile.dataRemovalPolicy,
    });
    return service;
  }

  /** The app contract: the variables every service reads, plus those of its role. */
  private environmentOf(definition: ServiceDefinition): Record<string, string> {
    const { config, cache, users, events } = this.props;
    return {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      LOG_REQUESTS: 'notable',
      AWS_REGION: this.region,
      DYNAMODB_ENDPOINT: 'aws',
      DYNAMODB_TABLE_PREFIX: config.tablePrefix,
      DYNAMODB_CREATE_TABLES: 'false',
      SEED_DEMO_CATALOG: 'false',
      REDIS_URL: cache.url,
      AUTH_MODE: 'cognito',
      COGNITO_USER_POOL_ID: users.userPool.userPoolId,
      COGNITO_CLIENT_ID: users.client.userPoolClientId,
      DISCOVERY: 'cloudmap',
      CLOUDMAP_NAMESPACE: this.namespace.namespaceName,
      CLOUDMAP_REGISTER: 'false',
      EVENTS_TRANSPORT: 'sns',
      MAIL_TRANSPORT: 'ses',
      MAIL_FROM: config.mailFrom,
      ...(definition.publishesEvents && { EVENTS_TOPIC_ARN: events.topic.topicArn }),
      ...(definition.consumesEvents && { EVENTS_QUEUE_URL: events.queueOf(definition.name).queue.queueUrl }),
      ...(definition.writesExports && {
        EXPORT_BUCKET: bucketName(config, 'exports'),
      }),
    };
  }

  /** Least privilege: each task role reaches only its own tables, queue, topic, mail and buckets. */
  private grantAccess(definition: ServiceDefinition): void {
    const { tables, cache, events, mail, config } = this.props;
    const service = this.serviceOf(definition.name);
    const role = service.taskRole;

    for (const { definition: table } of tables.ownedBy(definition.name)) {
      grantItemAccess(role, config.tablePrefix, table);
    }
    service.connections.allowToDefaultPort(cache, `${definition.name} to Redis`);

    for (const callee of definition.calls) this.serviceOf(callee).allowCallsFrom(service);
    if (definition.calls.length > 0) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['servicediscovery:DiscoverInstances', 'servicediscovery:DiscoverInstancesRevision'],
          resources: ['*'],
          conditions: { StringEquals: { 'servicediscovery:NamespaceName': config.namespaceName } },
        }),
      );
      acknowledge(
        role,
        'IAM5[Resource::*]',
        'Cloud Map DiscoverInstances has no resource-level permissions; the statement is limited to this ' +
          "environment's namespace by the servicediscovery:NamespaceName condition.",
      );
    }
    if (definition.publishesEvents) events.grantPublish(role);
    if (definition.consumesEvents) events.queueOf(definition.name).queue.grantConsumeMessages(role);
    if (definition.sendsMail) {
      mail.grantSend(role);
      // Orders know customers by their Cognito sub; the mailer looks up the address.
      this.props.users.userPool.grant(role, 'cognito-idp:ListUsers');
    }
    if (definition.writesExports) this.grantExportBuckets(role);
  }

  /**
   * analytics-export owns the exports bucket (read and write its objects) and may only add
   * objects to the archive. Both are addressed by name; object access needs a wildcard.
   */
  private grantExportBuckets(role: iam.IRole): void {
    const { config } = this.props;
    const exportsArn = this.bucketArn(bucketName(config, 'exports'));
    const archiveArn = this.bucketArn(bucketName(config, 'archive'));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [exportsArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [`${exportsArn}/*`],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [`${archiveArn}/*`] }),
    );
    acknowledgeWildcardResource(
      role,
      `${exportsArn}/*`,
      'analytics-export writes and rewrites the export files of its own exports bucket; keys are chosen at run time.',
    );
    acknowledgeWildcardResource(
      role,
      `${archiveArn}/*`,
      'analytics-export may only add objects to the archive (no read, no delete); keys are chosen at run time.',
    );
  }

  private bucketArn(name: string): string {
    return this.formatArn({ service: 's3', region: '', account: '', resource: name });
  }

  private serviceOf(name: ServiceName): FargateAppService {
    const service = this.services.get(name);
    if (!service) throw new Error(`ServicesStack: no service named ${name}`);
    return service;
  }
}
