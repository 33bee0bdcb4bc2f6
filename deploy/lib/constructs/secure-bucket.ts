import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface AccessLogsBucketProps {
  readonly removalPolicy: RemovalPolicy;
  readonly expireAfter: Duration;
  /**
   * CloudFront standard logging writes with ACLs, so a bucket that receives CloudFront
   * logs must allow them; every other bucket keeps ACLs disabled.
   */
  readonly allowAclWrites?: boolean;
}

/**
 * Destination for S3 server access logs, ALB access logs and CloudFront logs. Log delivery
 * only supports SSE-S3, so it is not KMS-encrypted.
 */
export class AccessLogsBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: props.allowAclWrites
        ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
        : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.expireAfter, abortIncompleteMultipartUploadAfter: props.expireAfter }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.removalPolicy === RemovalPolicy.DESTROY,
    });
    acknowledge(this, 'S1', 'This bucket is the access-log destination; logging it into itself would loop.');
  }
}

export interface SecureBucketProps {
  /** Defaults to a generated name. */
  readonly bucketName?: string;
  readonly removalPolicy: RemovalPolicy;
  readonly accessLogs: s3.IBucket;
  readonly accessLogsPrefix: string;
  readonly lifecycleRules?: s3.LifecycleRule[];
  /**
   * Object Lock default retention (governance mode) for every new object version. Object Lock
   * can only be chosen when the bucket is created; it needs versioning, which this bucket has.
   */
  readonly lockRetention?: Duration;
  /** Objects smaller than this are never moved by lifecycle transitions (S3's default: 128 KB). */
  readonly transitionMinimumObjectSize?: s3.TransitionDefaultMinimumObjectSize;
}

/** A private, versioned, TLS-only, encrypted bucket whose access is logged. */
export class SecureBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id, {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogsPrefix,
      lifecycleRules: [
        ...(props.lifecycleRules ?? []),
        // Versioning guards against overwrites; old versions need not live for ever.
        { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      objectLockEnabled: props.lockRetention !== undefined || undefined,
      objectLockDefaultRetention: props.lockRetention && s3.ObjectLockRetention.governance(props.lockRetention),
      transitionDefaultMinimumObjectSize: props.transitionMinimumObjectSize,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.removalPolicy === RemovalPolicy.DESTROY,
    });
  }
}
