import { Match, type Template } from 'aws-cdk-lib/assertions';
import { allTables, indexesOf, physicalTableName } from '../lib/app-tables';
import { type Estate, resourcesOfType, synthesize, prodMinimal } from './estate';

describe('data', () => {
  let dev: Estate;
  let prod: Estate;
  let devData: Template;
  let prodData: Template;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    prod = synthesize({ ...prodMinimal });
    devData = dev.template(dev.data);
    prodData = prod.template(prod.data);
  });

  describe('DynamoDB tables', () => {
    it('builds exactly the tables libs/dynamo defines, with the environment prefix', () => {
      const names = resourcesOfType(dev.json(dev.data), 'AWS::DynamoDB::Table').map(
        ([, table]) => table.Properties?.TableName,
      );
      expect(names.sort()).toEqual(allTables.map((table) => physicalTableName('gomart-dev-', table)).sort());
    });

    it('has point-in-time recovery, KMS encryption and on-demand capacity on every table', () => {
      for (const template of [devData, prodData]) {
        template.allResourcesProperties('AWS::DynamoDB::Table', {
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          // SSEEnabled alone means KMS with the AWS managed key (aws/dynamodb).
          SSESpecification: { SSEEnabled: true },
          BillingMode: 'PAY_PER_REQUEST',
        });
      }
    });

    it.each(allTables.map((table) => [table.id, table] as const))(
      '%s has the keys, indexes, stream and TTL of its definition',
      (_, table) => {
        const keySchema = [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' }] : []),
        ];
        devData.hasResourceProperties('AWS::DynamoDB::Table', {
          TableName: physicalTableName('gomart-dev-', table),
          KeySchema: keySchema,
          GlobalSecondaryIndexes: indexesOf(table).length
            ? indexesOf(table).map(({ name, index }) =>
                Match.objectLike({ IndexName: name, Projection: { ProjectionType: index.projection } }),
              )
            : Match.absent(),
          StreamSpecification: table.stream ? { StreamViewType: table.stream } : Match.absent(),
          TimeToLiveSpecification: table.timeToLiveAttribute
            ? { AttributeName: table.timeToLiveAttribute, Enabled: true }
            : Match.absent(),
        });
      },
    );

    it('retains and protects the tables in prod, and not in dev', () => {
      prodData.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      prodData.allResourcesProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
      devData.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    });
  });

  describe('Redis', () => {
    it('encrypts in transit and at rest, requires an AUTH token from Secrets Manager and fails over across AZs', () => {
      for (const template of [devData, prodData]) {
        template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
          Engine: 'redis',
          TransitEncryptionEnabled: true,
          TransitEncryptionMode: 'required',
          AtRestEncryptionEnabled: true,
          AutomaticFailoverEnabled: true,
          MultiAZEnabled: true,
          Port: 6380,
          AuthToken: {
            'Fn::Join': [
              '',
              [
                '{{resolve:secretsmanager:',
                { Ref: Match.stringLikeRegexp('^CacheAuthToken') },
                ':SecretString:authToken::}}',
              ],
            ],
          },
        });
      }
    });

    it('sizes the group per profile and keeps a snapshot of prod when deleted', () => {
      devData.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        CacheNodeType: 'cache.t4g.micro',
        ReplicasPerNodeGroup: 1,
      });
      prodData.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        CacheNodeType: 'cache.m7g.large',
        ReplicasPerNodeGroup: 1,
        SnapshotRetentionLimit: 7,
      });
      prodData.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Snapshot' });
    });

    it('admits no one by default', () => {
      devData.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'gomart-dev-cache: Redis clients only',
        SecurityGroupIngress: Match.absent(),
      });
    });
  });
});
