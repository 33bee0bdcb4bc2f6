import type { AppConfig } from './app-config';

/**
 * Options for an AWS SDK client (Cloud Map, SNS, SQS): the configured region and, against a
 * local endpoint (moto), placeholder credentials and no "data-" host prefix (Cloud Map's
 * DiscoverInstances would otherwise call data-127.0.0.1).
 */
export function awsClientConfig(aws: AppConfig['aws']) {
  return {
    region: aws.region,
    maxAttempts: 2,
    ...(aws.endpoint
      ? { endpoint: aws.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true }
      : {}),
  };
}
