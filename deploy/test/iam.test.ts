import { allTables, indexesOf, physicalTableName } from '../lib/app-tables';
import { serviceDefinitions, type ServiceName } from '../lib/services';
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

  it('lets only orders publish events and discover services', () => {
    for (const { name } of serviceDefinitions) {
      const granted = taskRoleStatements(template, name).flatMap(actions);
      expect(granted.includes('sns:Publish')).toBe(name === 'orders');
      expect(granted.includes('servicediscovery:DiscoverInstances')).toBe(name === 'orders');
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

  it('lets only notifications send mail, and only analytics-export touch the export buckets', () => {
    for (const { name } of serviceDefinitions) {
      const statements = taskRoleStatements(template, name);
      expect(statements.some((statement) => actions(statement).includes('ses:SendEmail'))).toBe(
        name === 'notifications',
      );
      // The mailer looks up a customer's address by their Cognito sub.
      expect(statements.some((statement) => actions(statement).includes('cognito-idp:ListUsers'))).toBe(
        name === 'notifications',
      );
      expect(statements.some((statement) => actions(statement).some((action) => action.startsWith('s3:')))).toBe(
        name === 'analytics-export',
      );
    }
    const archiveWrites = taskRoleStatements(template, 'analytics-export').filter((statement) =>
      JSON.stringify(statement.Resource).includes('gomart-dev-archive-'),
    );
    expect(archiveWrites.flatMap(actions).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
  });

  it('admits every service to Redis on its TLS port only', () => {
    const redis = resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress').filter(
      ([, rule]) => rule.Properties?.FromPort === 6380,
    );
    expect(redis).toHaveLength(4);
    for (const [, rule] of redis) expect(rule.Properties?.ToPort).toBe(6380);
  });
});
