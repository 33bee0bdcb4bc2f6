import { allTables, indexesOf, physicalTableName } from '../lib/app-tables';
import { serviceDefinitions, type ServiceName } from '../lib/services';
import { tableActions } from '../lib/table-access';
import { type CfnTemplate, type Estate, resourcesOfType, synthesize } from './estate';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the policies attached to a service's task role. */
function taskRoleStatements(template: CfnTemplate, service: ServiceName): Statement[] {
  const logicalPrefix = `${service.replaceAll('-', '')}TaskTaskRole`;
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties?.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(logicalPrefix)),
    )
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actions = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const resources = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** The physical table name a DynamoDB resource ARN (an Fn::Join from formatArn) ends with. */
function tableOf(arn: unknown): string {
  const text = JSON.stringify(arn);
  const match = /:table\/([A-Za-z0-9_.-]+?)(\/index\/[A-Za-z0-9]+)?"\]\]\}$/.exec(text);
  if (!match?.[1]) throw new Error(`Not a table ARN: ${text}`);
  return match[1];
}

describe('least-privilege task roles', () => {
  let estate: Estate;
  let template: CfnTemplate;
  beforeAll(() => {
    estate = synthesize({ env: 'dev' });
    template = estate.json(estate.services);
  });

  it.each(serviceDefinitions.map((service) => service.name))('%s reaches only the tables it owns', (service) => {
    const dynamo = taskRoleStatements(template, service).filter((statement) =>
      actions(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const owned = allTables.filter((table) => table.owner === service);
    const expected = owned.flatMap((table) => {
      const name = physicalTableName('gomart-dev-', table);
      return [name, ...indexesOf(table).map(() => name)];
    });
    expect(owned.length).toBeGreaterThan(0);
    expect(dynamo.flatMap(resources).map(tableOf).sort()).toEqual(expected.sort());
    for (const statement of dynamo) {
      for (const action of actions(statement)) expect(action).not.toContain('*');
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });

  it('lets only orders publish events, and only services that call others discover them', () => {
    for (const { name, calls } of serviceDefinitions) {
      const granted = taskRoleStatements(template, name).flatMap(actions);
      expect(granted.includes('sns:Publish')).toBe(name === 'orders');
      expect(granted.includes('servicediscovery:DiscoverInstances')).toBe(calls.length > 0);
    }
    const discovery = taskRoleStatements(template, 'orders').find((statement) =>
      actions(statement).includes('servicediscovery:DiscoverInstances'),
    );
    expect(discovery?.Condition).toEqual({
      StringEquals: { 'servicediscovery:NamespaceName': 'gomart-dev.internal' },
    });
  });

  it('lets each consumer receive from its own queue only', () => {
    for (const { name, consumesEvents } of serviceDefinitions) {
      const receive = taskRoleStatements(template, name).filter((statement) =>
        actions(statement).includes('sqs:ReceiveMessage'),
      );
      if (!consumesEvents) {
        expect(receive).toHaveLength(0);
        continue;
      }
      const queues = receive.flatMap(resources).map((queue) => estate.produced(queue));
      expect(queues).toHaveLength(1);
      const [queueArn] = queues as [{ 'Fn::GetAtt': [string, string] }];
      expect(queueArn['Fn::GetAtt'][0]).toMatch(new RegExp(`^OrderEvents${name.replaceAll('-', '')}[0-9A-F]{8}$`));
    }
  });

  it('grants each table exactly the actions its repository code calls', () => {
    for (const { name } of serviceDefinitions) {
      for (const table of allTables.filter((candidate) => candidate.owner === name)) {
        // Only DynamoDB statements name tables (X-Ray's, for the trace collector, is on `*`).
        const statement = taskRoleStatements(template, name).find(
          (candidate) =>
            actions(candidate).some((action) => action.startsWith('dynamodb:')) &&
            resources(candidate).some((resource) => tableOf(resource) === physicalTableName('gomart-dev-', table)),
        );
        expect({ table: table.id, actions: statement && actions(statement).sort() }).toEqual({
          table: table.id,
          actions: [...(tableActions[table.id] ?? [])].sort(),
        });
      }
    }
    // Nobody scans or batch-writes orders or notifications; facts are claimed and recorded by
    // updates, queried by day, and scanned only by the counter backfill (an operator's command).
    expect(tableActions['analytics-events']).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:DescribeTable']);
    // Orders are scanned only by the archiver (one paginated pass per run, filtered to decided orders).
    expect(tableActions.orders).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
    ]);
    expect(tableActions['order-archive']).not.toContain('dynamodb:Scan');
    expect(tableActions.notifications).not.toContain('dynamodb:BatchWriteItem');
  });

  it('lets only notifications send mail, only analytics-export write exports and only orders use the archive', () => {
    for (const { name } of serviceDefinitions) {
      const statements = taskRoleStatements(template, name);
      expect(statements.some((statement) => actions(statement).includes('ses:SendEmail'))).toBe(
        name === 'notifications',
      );
      // The mailer looks up a customer's address by their Cognito sub.
      expect(statements.some((statement) => actions(statement).includes('cognito-idp:ListUsers'))).toBe(
        name === 'notifications',
      );
      const s3 = statements.filter((statement) => actions(statement).some((action) => action.startsWith('s3:')));
      const text = JSON.stringify(s3);
      expect({ name, exports: text.includes('gomart-dev-exports-') }).toEqual({
        name,
        exports: name === 'analytics-export',
      });
      expect({ name, archive: text.includes('gomart-dev-archive-') }).toEqual({ name, archive: name === 'orders' });
    }
    // The exporter writes whole files under its dataset prefixes; it reads, lists and deletes nothing.
    const exports = taskRoleStatements(template, 'analytics-export').filter((statement) =>
      actions(statement).some((action) => action.startsWith('s3:')),
    );
    expect(exports.flatMap(actions)).toEqual(['s3:PutObject']);
    expect(
      exports.flatMap(resources).map((resource) => JSON.stringify(resource).match(/\/([a-z-]+\/)\*"/)?.[1]),
    ).toEqual(expect.arrayContaining(['order-facts/', 'slot-capacity/', 'personalize/']));
    expect(exports.flatMap(resources)).toHaveLength(3);
    // Orders: write and read back its own batches under orders/ and nothing else (libs/orders/src/archive/archive-store.ts
    // calls PutObject and GetObject only); ListBucket, limited to the prefix, makes a missing object a 404, not a 403,
    // which resuming a killed run relies on. No delete: Object Lock and the lifecycle own the objects' end.
    const archive = taskRoleStatements(template, 'orders').filter((statement) =>
      JSON.stringify(statement.Resource).includes('gomart-dev-archive-'),
    );
    expect(archive.map((statement) => actions(statement).sort())).toEqual([
      ['s3:GetObject', 's3:PutObject'],
      ['s3:ListBucket'],
    ]);
    expect(JSON.stringify(archive[0]?.Resource)).toMatch(/\/orders\/\*"\]\]\}$/);
    expect(archive[1]?.Condition).toEqual({ StringLike: { 's3:prefix': ['orders/*'] } });
  });

  it('admits only the cache users to Redis, on its TLS port only', () => {
    const redis = resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress').filter(
      ([, rule]) => rule.Properties?.FromPort === 6380,
    );
    const users = serviceDefinitions.filter((service) => service.usesCache);
    expect(redis).toHaveLength(users.length);
    for (const [, rule] of redis) {
      expect(rule.Properties?.ToPort).toBe(6380);
      expect(JSON.stringify(rule.Properties?.SourceSecurityGroupId)).toContain('catalogSecurityGroup');
    }
    // Only the cache users' execution roles (and the rotation function) may read the AUTH token.
    const readers = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        JSON.stringify(policy.Properties?.PolicyDocument).includes('secretsmanager:GetSecretValue'),
      )
      .filter(([, policy]) => JSON.stringify(policy.Properties?.PolicyDocument).includes('CacheAuthToken'))
      .map(([, policy]) => JSON.stringify(policy.Properties?.Roles))
      .filter((roles) => !roles.includes('RedisAuthRotation'));
    expect(readers).toHaveLength(users.length);
    expect(readers[0]).toContain('catalogTaskExecutionRole');
  });
});
