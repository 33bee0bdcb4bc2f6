import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AccessLogsBucket, SecureBucket } from './secure-bucket';

export interface AuditTrailProps {
  readonly trailName: string;
  readonly logRetention: logs.RetentionDays;
  readonly accessLogsExpireAfter: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A multi-region CloudTrail trail of management events, with log file validation, delivered
 * to a private bucket and to CloudWatch Logs for queries and metric filters.
 */
export class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', {
      expireAfter: props.accessLogsExpireAfter,
      removalPolicy: props.removalPolicy,
    });
    this.bucket = new SecureBucket(this, 'Bucket', {
      accessLogs,
      accessLogsPrefix: 'trail-bucket/',
      removalPolicy: props.removalPolicy,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: props.trailName,
      bucket: this.bucket,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
  }
}
