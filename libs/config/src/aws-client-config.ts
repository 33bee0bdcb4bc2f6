import type { AppConfig } from './app-config';

/**
 * Options for an AWS SDK client (Cloud Map, SNS, SQS, S3, SES, Cognito): the configured
 * region, a deadline on every request (the SDK's default is none, and its handler only warns
 * unless told to throw), and, against a local endpoint (moto), placeholder credentials and no
 * "data-" host prefix (Cloud Map's DiscoverInstances would otherwise call data-127.0.0.1).
 */
export function awsClientConfig(aws: AppConfig['aws'], requestTimeoutMs = 5000) {
  return {
    region: aws.region,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2000, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
    ...(aws.endpoint
      ? { endpoint: aws.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true }
      : {}),
  };
}
