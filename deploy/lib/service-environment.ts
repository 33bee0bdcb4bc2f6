import { type GoMartConfig, bucketName } from './config';
import type { Cache } from './constructs/cache';
import type { OrderEvents } from './constructs/order-events';
import type { UserDirectory } from './constructs/user-directory';
import { COLLECTOR_OTLP_ENDPOINT } from './constructs/app-task';
import type { ServiceDefinition } from './services';

export interface ServiceEnvironmentProps {
  readonly config: GoMartConfig;
  readonly region: string;
  readonly namespaceName: string;
  readonly cache: Cache;
  readonly users: UserDirectory;
  readonly events: OrderEvents;
}

/**
 * The app contract: the variables every service reads, plus those of its role (the README's
 * "contract with the application"). The app parses them with its config schema; a variable
 * the schema does not know is an error there, so nothing is added here that the app does not read.
 */
export function serviceEnvironment(
  definition: ServiceDefinition,
  props: ServiceEnvironmentProps,
): Record<string, string> {
  const { config, cache, users, events } = props;
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    LOG_REQUESTS: 'notable',
    // CloudFront, then the ALB: the client's address is two entries back in X-Forwarded-For (rate limits).
    TRUST_PROXY_HOPS: '2',
    AWS_REGION: props.region,
    DYNAMODB_ENDPOINT: 'aws',
    DYNAMODB_TABLE_PREFIX: config.tablePrefix,
    DYNAMODB_CREATE_TABLES: 'false',
    SEED_DEMO_CATALOG: String(config.profile.seedDemoCatalog),
    AUTH_MODE: 'cognito',
    COGNITO_USER_POOL_ID: users.userPool.userPoolId,
    COGNITO_CLIENT_ID: users.client.userPoolClientId,
    DISCOVERY: 'cloudmap',
    CLOUDMAP_NAMESPACE: props.namespaceName,
    CLOUDMAP_REGISTER: 'false',
    EVENTS_TRANSPORT: 'sns',
    MAIL_TRANSPORT: 'ses',
    MAIL_FROM: config.mailFrom,
    // Spans to the task's ADOT collector sidecar, which forwards them to X-Ray.
    TRACING: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: COLLECTOR_OTLP_ENDPOINT,
    ...(definition.usesCache && { REDIS_URL: cache.url }),
    ...(definition.publishesEvents && { EVENTS_TOPIC_ARN: events.topic.topicArn }),
    ...(definition.consumesEvents && { EVENTS_QUEUE_URL: events.queueOf(definition.name).queue.queueUrl }),
    ...(definition.writesExports && { EXPORT_BUCKET: bucketName(config, 'exports') }),
    ...(definition.archivesOrders && { ARCHIVE_BUCKET: bucketName(config, 'archive') }),
  };
}
