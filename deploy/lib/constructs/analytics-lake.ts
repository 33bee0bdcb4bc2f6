import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag';
import { SecureBucket } from './secure-bucket';

export interface AnalyticsLakeProps {
  readonly exportsBucketName: string;
  /** `<project>_<env>`-style name; Glue and Athena allow letters, digits and underscores. */
  readonly databaseName: string;
  readonly workGroupName: string;
  readonly accessLogs: s3.IBucket;
  readonly bytesScannedCutoffPerQuery: number;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Where the analytics-export service writes order facts. Contract with the app: one JSON
 * object per line (gzip allowed, `.json.gz`) under
 * `s3://<EXPORT_BUCKET>/order-facts/day=YYYY-MM-DD/`, with the fields of {@link orderFactColumns}.
 */
export const ORDER_FACTS_PREFIX = 'order-facts/';

/** Columns of the order-facts table: Glue column name, Hive type and the JSON field it reads. */
export const orderFactColumns: readonly { name: string; type: string; jsonField: string }[] = [
  { name: 'event_id', type: 'string', jsonField: 'eventId' },
  { name: 'event_type', type: 'string', jsonField: 'type' },
  { name: 'occurred_at', type: 'string', jsonField: 'occurredAt' },
  { name: 'order_id', type: 'string', jsonField: 'orderId' },
  { name: 'customer_id', type: 'string', jsonField: 'customerId' },
  { name: 'status', type: 'string', jsonField: 'status' },
  { name: 'total_cents', type: 'bigint', jsonField: 'totalCents' },
  { name: 'currency', type: 'string', jsonField: 'currency' },
  // Nested field names are matched case-insensitively by the SerDe (productId -> productid).
  { name: 'lines', type: 'array<struct<productid:string,quantity:int,pricecents:bigint>>', jsonField: 'lines' },
];

/**
 * The exports side of analytics: the exports bucket, a Glue database and table over the
 * order facts (partition projection, so no crawler), an Athena workgroup with encrypted
 * results in a bucket of their own, and a managed policy to attach to QuickSight's service
 * role so dashboards can query the workgroup.
 */
export class AnalyticsLake extends Construct {
  readonly exportsBucket: SecureBucket;
  readonly resultsBucket: SecureBucket;
  readonly database: glue.CfnDatabase;
  readonly orderFactsTable: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly quickSightPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: AnalyticsLakeProps) {
    super(scope, id);
    this.exportsBucket = new SecureBucket(this, 'Exports', {
      bucketName: props.exportsBucketName,
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'exports/',
      removalPolicy: props.removalPolicy,
      lifecycleRules: [
        { transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }] },
      ],
    });
    this.resultsBucket = new SecureBucket(this, 'QueryResults', {
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'query-results/',
      // Query results are re-creatable; they never need protecting.
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: props.databaseName, description: 'Go Mart order facts exported for analytics' },
    });

    const location = `s3://${this.exportsBucket.bucketName}/${ORDER_FACTS_PREFIX}`;
    this.orderFactsTable = new glue.CfnTable(this, 'OrderFacts', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName: props.databaseName,
      tableInput: {
        name: 'order_facts',
        description: 'One row per order event (placed, cancelled, status changed)',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'json',
          'projection.enabled': 'true',
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy-MM-dd',
          'projection.day.range': '2025-01-01,NOW',
          'projection.day.interval': '1',
          'projection.day.interval.unit': 'DAYS',
          'storage.location.template': `${location}day=\${day}/`,
        },
        partitionKeys: [{ name: 'day', type: 'string' }],
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            parameters: {
              'ignore.malformed.json': 'true',
              ...Object.fromEntries(orderFactColumns.map((column) => [`mapping.${column.name}`, column.jsonField])),
            },
          },
          columns: orderFactColumns.map(({ name, type }) => ({ name, type })),
        },
      },
    });
    this.orderFactsTable.addResourceDependency(this.database);

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.workGroupName,
      description: 'Go Mart analytics queries (Athena console and QuickSight)',
      state: 'ENABLED',
      recursiveDeleteOption: props.removalPolicy === RemovalPolicy.DESTROY,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.quickSightPolicy = this.createQuickSightPolicy(props);
  }

  private createQuickSightPolicy(props: AnalyticsLakeProps): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const glueArn = (resource: string, name?: string): string =>
      stack.formatArn({ service: 'glue', resource, resourceName: name });
    const policy = new iam.ManagedPolicy(this, 'QuickSightAccess', {
      description: `Attach to QuickSight's service role to query ${props.workGroupName}`,
      statements: [
        new iam.PolicyStatement({
          actions: [
            'athena:GetWorkGroup',
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:GetQueryResultsStream',
          ],
          resources: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workGroupName })],
        }),
        new iam.PolicyStatement({
          actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
          resources: [
            glueArn('catalog'),
            glueArn('database', props.databaseName),
            glueArn('table', `${props.databaseName}/*`),
          ],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
          resources: [this.exportsBucket.bucketArn, this.exportsBucket.arnForObjects(`${ORDER_FACTS_PREFIX}*`)],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:AbortMultipartUpload'],
          resources: [this.resultsBucket.bucketArn, this.resultsBucket.arnForObjects('*')],
        }),
      ],
    });
    const reason =
      'QuickSight reads the order facts and keeps query results; object-level access needs a ' +
      'wildcard below the prefix, and table access covers the tables of this one database.';
    for (const resource of [
      glueArn('table', `${props.databaseName}/*`),
      this.exportsBucket.arnForObjects(`${ORDER_FACTS_PREFIX}*`),
      this.resultsBucket.arnForObjects('*'),
    ]) {
      acknowledgeWildcardResource(policy, resource, reason);
    }
    return policy;
  }
}
