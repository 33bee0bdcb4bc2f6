import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ORDER_FACTS_PREFIX,
  SLOT_CAPACITY_PREFIX,
  orderFactFields,
  slotCapacityFields,
} from '../analytics/exported-fields';
import { ANALYTICS_TABLES, analyticsQueries, renderQuery } from '../analytics/queries';
import { acknowledgeWildcardResource } from '../nag';
import { jsonTable } from './glue-json-table';
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

/** The first day partition projection offers; the exports began after it. */
const FIRST_DAY = '2025-01-01';

/**
 * The exports side of analytics. Contract with the app: JSON lines (gzip allowed) under
 * `s3://<EXPORT_BUCKET>/order-facts/day=YYYY-MM-DD/` and `.../slot-capacity/day=YYYY-MM-DD/`,
 * with the fields of lib/analytics/exported-fields.ts. Here: the exports bucket, a Glue
 * database and a table per dataset (partition projection, so no crawler), an Athena workgroup
 * with encrypted results in a bucket of their own, the business questions as named queries,
 * and a managed policy to attach to QuickSight's service role so dashboards can query.
 */
export class AnalyticsLake extends Construct {
  readonly exportsBucket: SecureBucket;
  readonly resultsBucket: SecureBucket;
  readonly database: glue.CfnDatabase;
  readonly orderFactsTable: glue.CfnTable;
  readonly slotCapacityTable: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly namedQueries: readonly athena.CfnNamedQuery[];
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
    const bucketUrl = `s3://${this.exportsBucket.bucketName}/`;
    this.orderFactsTable = jsonTable(this, 'OrderFacts', {
      databaseName: props.databaseName,
      tableName: ANALYTICS_TABLES.order_facts,
      description: 'One row per order event (placed, cancelled, status changed, picked)',
      location: `${bucketUrl}${ORDER_FACTS_PREFIX}`,
      fields: orderFactFields,
      firstDay: FIRST_DAY,
    });
    this.slotCapacityTable = jsonTable(this, 'SlotCapacity', {
      databaseName: props.databaseName,
      tableName: ANALYTICS_TABLES.slot_capacity,
      description: 'One row per delivery slot and day: its capacity and what was booked',
      location: `${bucketUrl}${SLOT_CAPACITY_PREFIX}`,
      fields: slotCapacityFields,
      firstDay: FIRST_DAY,
    });
    for (const table of [this.orderFactsTable, this.slotCapacityTable]) table.addResourceDependency(this.database);

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

    this.namedQueries = analyticsQueries.map((query) => {
      const named = new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description,
        database: props.databaseName,
        workGroup: props.workGroupName,
        queryString: renderQuery(query),
      });
      named.addDependency(this.workGroup);
      named.addDependency(this.database);
      return named;
    });

    this.quickSightPolicy = this.createQuickSightPolicy(props);
  }

  private createQuickSightPolicy(props: AnalyticsLakeProps): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const glueArn = (resource: string, name?: string): string =>
      stack.formatArn({ service: 'glue', resource, resourceName: name });
    const datasets = [ORDER_FACTS_PREFIX, SLOT_CAPACITY_PREFIX].map((prefix) =>
      this.exportsBucket.arnForObjects(`${prefix}*`),
    );
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
          resources: [this.exportsBucket.bucketArn, ...datasets],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:AbortMultipartUpload'],
          resources: [this.resultsBucket.bucketArn, this.resultsBucket.arnForObjects('*')],
        }),
      ],
    });
    const reason =
      'QuickSight reads the exported datasets and keeps query results; object-level access needs a ' +
      'wildcard below each prefix, and table access covers the tables of this one database.';
    for (const resource of [
      glueArn('table', `${props.databaseName}/*`),
      ...datasets,
      this.resultsBucket.arnForObjects('*'),
    ]) {
      acknowledgeWildcardResource(policy, resource, reason);
    }
    return policy;
  }
}
