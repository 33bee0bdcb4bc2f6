import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { type GoMartConfig, bucketName } from './config';
import { AnalyticsLake } from './constructs/analytics-lake';
import { Archive } from './constructs/archive';
import { PERSONALIZE_PREFIX } from './analytics/exported-fields';
import { Cache } from './constructs/cache';
import { PersonalizeAccess } from './constructs/personalize-access';
import { AccessLogsBucket } from './constructs/secure-bucket';
import { TableBackup } from './constructs/table-backup';
import { Tables } from './constructs/tables';

export interface DataStackProps extends StackProps {
  readonly config: GoMartConfig;
  readonly vpc: ec2.IVpc;
}

/**
 * Stateful data: the DynamoDB tables and their daily backups, the Redis cache, the exports
 * lake (Glue, Athena) and the archive fed by the table streams through Firehose.
 */
export class DataStack extends Stack {
  readonly tables: Tables;
  readonly cache: Cache;
  readonly lake: AnalyticsLake;
  readonly archive: Archive;
  readonly backup: TableBackup;
  readonly personalize: PersonalizeAccess;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { profile } = config;
    const removalPolicy = profile.dataRemovalPolicy;

    this.tables = new Tables(this, 'Tables', {
      tablePrefix: config.tablePrefix,
      removalPolicy,
      deletionProtection: profile.deletionProtection,
    });

    this.cache = new Cache(this, 'Cache', {
      vpc: props.vpc,
      replicationGroupId: `${config.prefix}-cache`,
      nodeType: profile.redis.nodeType,
      replicas: profile.redis.replicas,
      snapshotRetentionDays: profile.redis.snapshotRetentionDays,
      logRetention: profile.logRetention,
      removalPolicy,
    });

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', {
      expireAfter: profile.accessLogsExpireAfter,
      removalPolicy,
    });
    const catalogName = config.prefix.replaceAll('-', '_');
    this.lake = new AnalyticsLake(this, 'Lake', {
      exportsBucketName: bucketName(config, 'exports'),
      databaseName: catalogName,
      workGroupName: config.prefix,
      accessLogs,
      bytesScannedCutoffPerQuery: profile.athenaBytesScannedCutoff,
      removalPolicy,
    });

    this.personalize = new PersonalizeAccess(this, 'Personalize', {
      bucket: this.lake.exportsBucket,
      prefix: PERSONALIZE_PREFIX,
      roleName: `${config.prefix}-personalize-import`,
    });
    new CfnOutput(this, 'PersonalizeImportRoleArn', { value: this.personalize.role.roleArn });

    this.archive = new Archive(this, 'Archive', {
      bucketName: bucketName(config, 'archive'),
      namePrefix: `${config.prefix}-`,
      accessLogs,
      glacierAfter: profile.archive.glacierAfter,
      deepArchiveAfter: profile.archive.deepArchiveAfter,
      expireAfter: profile.archive.expireAfter,
      lockRetention: Duration.days(config.archiveRetentionDays),
      logRetention: profile.logRetention,
      removalPolicy,
    });
    for (const table of this.tables.streamed()) this.archive.addTable(table);

    this.backup = new TableBackup(this, 'Backup', {
      namePrefix: config.prefix,
      tables: this.tables.all,
      retention: profile.backupRetention,
      removalPolicy,
    });
  }
}
