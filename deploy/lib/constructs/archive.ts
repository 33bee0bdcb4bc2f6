import { Duration, type RemovalPolicy, Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardActions, acknowledgeWildcardResource } from '../nag';
import { SecureBucket } from './secure-bucket';
import type { OwnedTable } from './tables';

export interface ArchiveProps {
  readonly bucketName: string;
  /** `<prefix>-`: pipes and delivery streams are named `<prefix>-archive-<table id>`. */
  readonly namePrefix: string;
  readonly accessLogs: s3.IBucket;
  /** To Glacier Instant Retrieval (millisecond reads; billed for at least 90 days and 128 KB). */
  readonly glacierAfter: Duration;
  readonly deepArchiveAfter: Duration;
  readonly expireAfter?: Duration;
  /** Object Lock (governance) default retention: no one deletes or overwrites an archived version before it ends. */
  readonly lockRetention: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** Key prefix of the change records of one table: `dynamodb/<table id>/YYYY/MM/DD/`. */
export const archivePrefixOf = (tableId: string): string => `dynamodb/${tableId}/`;

/**
 * Long-term archive. Every change of a streamed table flows DynamoDB stream -> EventBridge
 * Pipe -> Firehose -> S3 as gzipped JSON lines under `dynamodb/`, and the orders service adds
 * its archived orders under `orders/`; objects move to Glacier Instant Retrieval, then Deep
 * Archive, and are locked (governance mode) for the retention period. Records the pipe cannot deliver go to a
 * dead-letter queue instead of being dropped when the stream's 24 hours run out.
 */
export class Archive extends Construct {
  /** Firehose writes an object at least this often (or at 128 MiB). */
  readonly bufferInterval = Duration.minutes(15);
  readonly bucket: SecureBucket;
  readonly deadLetterQueue: sqs.Queue;
  /** Each archived table's pipe and delivery stream, by physical name. */
  readonly pipes: { readonly tableId: string; readonly pipeName: string; readonly deliveryStreamName: string }[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ArchiveProps,
  ) {
    super(scope, id);
    this.bucket = new SecureBucket(this, 'Bucket', {
      bucketName: props.bucketName,
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'archive/',
      removalPolicy: props.removalPolicy,
      lifecycleRules: [
        {
          id: 'to-glacier',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: props.glacierAfter },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: props.deepArchiveAfter },
          ],
          expiration: props.expireAfter,
        },
      ],
      // Stated, not left to S3's default: objects under 128 KB stay in Standard, where a small object
      // costs less than Glacier's 128 KB minimum charge. Firehose batches and the orders archive's
      // batches are far larger; only quiet tables' files stay small.
      transitionMinimumObjectSize: s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
      lockRetention: props.lockRetention,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      queueName: `${props.namePrefix}archive-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter destination of the archive pipes (a pipe DLQ, not an SQS redrive).',
    );
  }

  /** Archives every change of a table that has a stream. */
  addTable({ definition, table }: OwnedTable): void {
    if (!table.tableStreamArn) throw new Error(`Archive: table ${definition.id} has no stream`);
    const name = `${this.props.namePrefix}archive-${definition.id}`;
    const prefix = archivePrefixOf(definition.id);

    const deliveryLogs = new logs.LogGroup(this, `${definition.id}-delivery-logs`, {
      retention: this.props.logRetention,
      removalPolicy: this.props.removalPolicy,
    });
    const deliveryStream = new firehose.DeliveryStream(this, `${definition.id}-delivery`, {
      deliveryStreamName: name,
      encryption: firehose.StreamEncryption.awsOwnedKey(),
      destination: new firehose.S3Bucket(this.bucket, {
        dataOutputPrefix: `${prefix}!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        errorOutputPrefix: `errors/${prefix}!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/`,
        compression: firehose.Compression.GZIP,
        fileExtension: '.json.gz',
        bufferingInterval: this.bufferInterval,
        bufferingSize: Size.mebibytes(128),
        processors: [new firehose.AppendDelimiterToRecordProcessor()],
        loggingConfig: new firehose.EnableLogging(deliveryLogs),
      }),
    });
    const destinationGrant =
      "Firehose's S3 destination role is granted by CDK (read/write on the archive bucket, which Firehose " +
      'needs to deliver and to clean up failed multipart uploads); it reaches no other bucket.';
    acknowledgeWildcardActions(
      deliveryStream,
      ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'],
      destinationGrant,
    );
    acknowledgeWildcardResource(deliveryStream, this.bucket.arnForObjects('*'), destinationGrant);

    const role = new iam.Role(this, `${definition.id}-pipe-role`, {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com'),
      description: `Reads the ${definition.id} stream into ${name}`,
    });
    table.grantStreamRead(role);
    deliveryStream.grantPutRecords(role);
    this.deadLetterQueue.grantSendMessages(role);
    acknowledge(
      role,
      'IAM5[Resource::*]',
      'dynamodb:ListStreams has no resource-level permissions; reading is limited to this table stream.',
    );

    new pipes.CfnPipe(this, `${definition.id}-pipe`, {
      name,
      description: `Archives every change of the ${definition.id} table`,
      roleArn: role.roleArn,
      source: table.tableStreamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 100,
          maximumBatchingWindowInSeconds: 30,
          maximumRetryAttempts: 50,
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        },
      },
      target: deliveryStream.deliveryStreamArn,
      // The pipe validates its permissions on creation: create the role's policy first.
    }).node.addDependency(role);
    this.pipes.push({ tableId: definition.id, pipeName: name, deliveryStreamName: name });
  }
}
