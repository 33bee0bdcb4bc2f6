import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { type GoMartConfig, bucketName } from './config';
import type { Cache } from './constructs/cache';
import type { FargateAppService } from './constructs/fargate-service';
import type { Mail } from './constructs/mail';
import type { OrderEvents } from './constructs/order-events';
import { type Tables, grantItemAccess } from './constructs/tables';
import type { UserDirectory } from './constructs/user-directory';
import { EXPORT_PREFIXES } from './analytics/exported-fields';
import { acknowledge, acknowledgeWildcardResource } from './nag';
import type { ServiceDefinition, ServiceName } from './services';

/** Key prefix of the orders service's archive batches in the archive bucket. */
export const ORDERS_ARCHIVE_PREFIX = 'orders/';

export interface ServiceAccessProps {
  readonly config: GoMartConfig;
  readonly tables: Tables;
  readonly cache: Cache;
  readonly events: OrderEvents;
  readonly mail: Mail;
  readonly users: UserDirectory;
  readonly serviceOf: (name: ServiceName) => FargateAppService;
}

/**
 * Least privilege from the service definitions: each task role reaches only its own tables
 * (with the actions its code calls), its queue, the topic, mail, its bucket prefixes; only
 * cache users reach Redis. Everything is addressed by name, so no reference into other stacks.
 */
export function grantServiceAccess(definition: ServiceDefinition, props: ServiceAccessProps): void {
  const { tables, cache, events, mail, config } = props;
  const service = props.serviceOf(definition.name);
  const role = service.taskRole;

  for (const { definition: table } of tables.ownedBy(definition.name)) {
    grantItemAccess(role, config.tablePrefix, table);
  }
  if (definition.usesCache) service.connections.allowToDefaultPort(cache, `${definition.name} to Redis`);

  for (const callee of definition.calls) props.serviceOf(callee).allowCallsFrom(service);
  if (definition.calls.length > 0) grantDiscovery(role, config.namespaceName);
  if (definition.publishesEvents) events.grantPublish(role);
  if (definition.consumesEvents) events.queueOf(definition.name).queue.grantConsumeMessages(role);
  if (definition.sendsMail) {
    mail.grantSend(role);
    // Orders know customers by their Cognito sub; the mailer looks up the address.
    props.users.userPool.grant(role, 'cognito-idp:ListUsers');
  }
  if (definition.writesExports) grantExportWrites(role, config);
  if (definition.archivesOrders) grantOrderArchive(role, config);
}

function grantDiscovery(role: iam.IRole, namespaceName: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['servicediscovery:DiscoverInstances', 'servicediscovery:DiscoverInstancesRevision'],
      resources: ['*'],
      conditions: { StringEquals: { 'servicediscovery:NamespaceName': namespaceName } },
    }),
  );
  acknowledge(
    role,
    'IAM5[Resource::*]',
    'Cloud Map DiscoverInstances has no resource-level permissions; the statement is limited to this ' +
      "environment's namespace by the servicediscovery:NamespaceName condition.",
  );
}

/** The exporter writes whole objects (one PutObject per day and dataset); it never reads or deletes them. */
function grantExportWrites(role: iam.IRole, config: GoMartConfig): void {
  const exportsArn = bucketArn(role, bucketName(config, 'exports'));
  const objects = EXPORT_PREFIXES.map((prefix) => `${exportsArn}/${prefix}*`);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: objects }));
  for (const resource of objects) {
    acknowledgeWildcardResource(
      role,
      resource,
      'analytics-export writes the export files of its datasets under their prefixes; keys carry the day.',
    );
  }
}

/**
 * Orders archives decided orders in batches under `orders/` (libs/orders/src/archive/archive-store.ts):
 * PutObject for a batch and its manifest, GetObject to verify them before deleting from the hot
 * table and to read or restore one order by its byte range. ListBucket (on the prefix only) is
 * not called: without it S3 answers a missing key with 403 instead of 404, and resuming a killed
 * run tells "object never written" from "object there" by that 404. Nothing is ever deleted.
 */
function grantOrderArchive(role: iam.IRole, config: GoMartConfig): void {
  const archiveArn = bucketArn(role, bucketName(config, 'archive'));
  const objects = `${archiveArn}/${ORDERS_ARCHIVE_PREFIX}*`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [objects] }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [archiveArn],
      conditions: { StringLike: { 's3:prefix': [`${ORDERS_ARCHIVE_PREFIX}*`] } },
    }),
  );
  acknowledgeWildcardResource(
    role,
    objects,
    'orders writes and verifies its archive batches under orders/ only; batch keys are chosen at run time.',
  );
}

function bucketArn(scope: iam.IRole, name: string): string {
  return Stack.of(scope).formatArn({ service: 's3', region: '', account: '', resource: name });
}
