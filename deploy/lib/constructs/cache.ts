import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface CacheProps {
  readonly vpc: ec2.IVpc;
  /** Physical name of the replication group (at most 40 characters). */
  readonly replicationGroupId: string;
  readonly nodeType: string;
  /** Read replicas besides the primary; at least 1 for automatic multi-AZ failover. */
  readonly replicas: number;
  readonly snapshotRetentionDays: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The JSON key of the auth token in {@link Cache.authSecret}. */
export const REDIS_AUTH_TOKEN_KEY = 'authToken';

/**
 * ElastiCache for Redis OSS, cluster mode disabled: a primary and replicas across AZs with
 * automatic failover, TLS required, encryption at rest and an AUTH token kept in Secrets
 * Manager. Placed in the isolated subnets; a client is admitted with
 * `client.connections.allowToDefaultPort(cache)`, which keeps the rule in the client's stack.
 */
export class Cache extends Construct implements ec2.IConnectable {
  /** A non-default port (AwsSolutions-AEC5); the app reads it from REDIS_URL. */
  static readonly PORT = 6380;

  readonly connections: ec2.Connections;
  readonly authSecret: secretsmanager.Secret;
  readonly primaryEndpoint: string;
  readonly url: string;
  readonly replicationGroupId: string;
  /** The nodes' cluster ids, which their CloudWatch metrics carry (`<group>-001`, `<group>-002`, ...). */
  readonly nodeIds: readonly string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    if (props.replicas < 1) throw new Error('Cache: multi-AZ failover needs at least one replica');
    this.replicationGroupId = props.replicationGroupId;
    this.nodeIds = Array.from(
      { length: props.replicas + 1 },
      (_, index) => `${props.replicationGroupId}-${String(index + 1).padStart(3, '0')}`,
    );

    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: `AUTH token of ${props.replicationGroupId}`,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: REDIS_AUTH_TOKEN_KEY,
        // Redis AUTH tokens allow printable ASCII except @, " and /; alphanumerics are safe everywhere.
        excludePunctuation: true,
        passwordLength: 64,
      },
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      this.authSecret,
      'SMG4',
      'ElastiCache AUTH rotation needs ModifyReplicationGroup (ROTATE, then SET once every task restarted); the ' +
        'RedisAuthRotation state machine in the services stack does that every 90 days instead of a Secrets Manager rotation.',
    );

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.replicationGroupId}: Redis clients only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(Cache.PORT) });

    const subnets = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: `${props.replicationGroupId} isolated subnets`,
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });

    const slowLog = new logs.LogGroup(this, 'SlowLog', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    const group = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: props.replicationGroupId,
      replicationGroupDescription: 'Go Mart read-through cache and invalidation pub/sub',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: props.nodeType,
      numNodeGroups: 1,
      replicasPerNodeGroup: props.replicas,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      port: Cache.PORT,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: this.authSecret.secretValueFromJson(REDIS_AUTH_TOKEN_KEY).unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: '15:00-16:00',
      preferredMaintenanceWindow: 'sun:16:30-sun:17:30',
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
    });
    group.applyRemovalPolicy(
      props.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    );

    this.primaryEndpoint = group.attrPrimaryEndPointAddress;
    this.url = `rediss://${this.primaryEndpoint}:${Cache.PORT}`;
  }
}
