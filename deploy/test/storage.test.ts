import { Match, type Template } from 'aws-cdk-lib/assertions';
import { allTables } from '../lib/app-tables';
import { containerEnvironments, type Estate, onlyResource, resourcesOfType, synthesize, prodMinimal } from './estate';

describe('exports and archive', () => {
  let dev: Estate;
  let prod: Estate;
  let data: Template;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    prod = synthesize({ ...prodMinimal });
    data = dev.template(dev.data);
  });

  it('moves the archive to Glacier Instant Retrieval, then Deep Archive, and expires it per profile', () => {
    const archiveRule = (estate: Estate) => {
      const bucket = onlyResource<{ LifecycleConfiguration: { Rules: Record<string, unknown>[] } }>(
        estate.json(estate.data),
        'AWS::S3::Bucket',
        'ArchiveBucket',
      );
      return bucket.LifecycleConfiguration.Rules.find((rule) => rule.Id === 'to-glacier');
    };
    expect(archiveRule(dev)).toMatchObject({
      Status: 'Enabled',
      Transitions: [
        { StorageClass: 'GLACIER_IR', TransitionInDays: 30 },
        { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 180 },
      ],
      ExpirationInDays: 365,
    });
    expect(archiveRule(prod)).toMatchObject({
      Transitions: [
        { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
        { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 },
      ],
      ExpirationInDays: 2557,
    });
  });

  it('locks archived objects in governance mode for the legal retention, a parameter', () => {
    const lock = (estate: Estate) =>
      onlyResource<{ ObjectLockEnabled: boolean; ObjectLockConfiguration: unknown; LifecycleConfiguration: unknown }>(
        estate.json(estate.data),
        'AWS::S3::Bucket',
        'ArchiveBucket',
      );
    expect(lock(prod)).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2557 } },
      },
      // Small objects stay in Standard rather than pay Glacier's 128 KB minimum; stated, not defaulted.
      LifecycleConfiguration: expect.objectContaining({
        TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      }),
    });
    expect(lock(dev)).toMatchObject({
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
    });
    const tenYears = synthesize({ ...prodMinimal, archiveRetentionDays: '3653' });
    expect(lock(tenYears)).toMatchObject({
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Days: 3653 } } },
    });
    // Only the archive is locked.
    const others = resourcesOfType(prod.json(prod.data), 'AWS::S3::Bucket').filter(
      ([id]) => !id.startsWith('ArchiveBucket'),
    );
    for (const [, bucket] of others) expect(bucket.Properties?.ObjectLockEnabled).toBeUndefined();
  });

  it('backs every table up daily for 35 days into a KMS-encrypted vault, next to 35 days of PITR', () => {
    const template = prod.template(prod.data);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'gomart-prod-tables',
      EncryptionKeyArn: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'gomart-prod-tables-daily',
        BackupPlanRule: [
          Match.objectLike({
            RuleName: 'daily',
            ScheduleExpression: 'cron(0 15 * * ? *)',
            Lifecycle: { DeleteAfterDays: 35 },
          }),
        ],
      },
    });
    const [selection] = resourcesOfType(prod.json(prod.data), 'AWS::Backup::BackupSelection');
    const selected = JSON.stringify(selection?.[1].Properties?.BackupSelection);
    for (const table of allTables) expect(selected).toContain(`Tables${table.id.replaceAll('-', '')}`);
    template.allResourcesProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
    });
  });

  it("tells only the orders service where the archive is, and keeps the archive's index table like every table", () => {
    const environments = containerEnvironments(prod);
    const withArchive = Object.entries(environments).filter(([, env]) => env.ARCHIVE_BUCKET !== undefined);
    expect(withArchive.map(([family]) => family)).toEqual([expect.stringMatching(/orders$/)]);
    const bucket = onlyResource<{ BucketName: unknown }>(prod.json(prod.data), 'AWS::S3::Bucket', 'ArchiveBucket');
    expect(JSON.stringify(withArchive[0]![1].ARCHIVE_BUCKET)).toBe(JSON.stringify(bucket.BucketName));
    prod.template(prod.data).hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'gomart-prod-order-archive',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
    });
  });

  it('keeps every data bucket private, encrypted, versioned, TLS-only and access-logged', () => {
    for (const estate of [dev, prod]) {
      for (const stack of [estate.data, estate.edge]) {
        const json = estate.json(stack);
        for (const [id, bucket] of resourcesOfType(json, 'AWS::S3::Bucket')) {
          expect(bucket.Properties).toMatchObject({
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              BlockPublicPolicy: true,
              IgnorePublicAcls: true,
              RestrictPublicBuckets: true,
            },
            BucketEncryption: {
              ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
            },
          });
          const isLogBucket = /^(AccessLogs|Logs)/.test(id);
          if (!isLogBucket) {
            expect(bucket.Properties).toMatchObject({
              VersioningConfiguration: { Status: 'Enabled' },
              LoggingConfiguration: expect.anything(),
            });
          }
        }
        estate.template(stack).allResourcesProperties('AWS::S3::BucketPolicy', {
          PolicyDocument: Match.objectLike({
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          }),
        });
      }
    }
  });

  it('retains the buckets in prod, except re-creatable Athena query results', () => {
    const policies = resourcesOfType(prod.json(prod.data), 'AWS::S3::Bucket').map(([id, bucket]) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      bucket.DeletionPolicy,
    ]);
    expect(Object.fromEntries(policies)).toEqual({
      AccessLogs: 'Retain',
      LakeExports: 'Retain',
      LakeQueryResults: 'Delete',
      ArchiveBucket: 'Retain',
    });
  });

  it('catalogues the order facts for Athena with partition projection and a guarded workgroup', () => {
    data.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'gomart_dev', Description: Match.anyValue() },
    });
    data.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'gomart_dev',
      TableInput: Match.objectLike({
        Name: 'order_facts',
        PartitionKeys: [{ Name: 'day', Type: 'string' }],
        Parameters: Match.objectLike({ 'projection.enabled': 'true', 'projection.day.type': 'date' }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: Match.objectLike({ SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' }),
        }),
      }),
    });
    data.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'gomart-dev',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
    data.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: Match.stringLikeRegexp('QuickSight'),
    });
  });

  it('archives every streamed table through a pipe and Firehose, with a dead-letter queue', () => {
    const streamed = allTables.filter((table) => table.stream);
    expect(streamed.length).toBeGreaterThan(0);
    for (const table of streamed) {
      data.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamName: `gomart-dev-archive-${table.id}`,
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
        ExtendedS3DestinationConfiguration: Match.objectLike({
          Prefix: `dynamodb/${table.id}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
          CompressionFormat: 'GZIP',
        }),
      });
      data.hasResourceProperties('AWS::Pipes::Pipe', {
        Name: `gomart-dev-archive-${table.id}`,
        SourceParameters: {
          DynamoDBStreamParameters: Match.objectLike({
            StartingPosition: 'TRIM_HORIZON',
            DeadLetterConfig: { Arn: Match.anyValue() },
          }),
        },
      });
    }
    data.resourceCountIs('AWS::Pipes::Pipe', streamed.length);
  });
});
