import { loadConfig } from '../../libs/config/src/app-config';
import { containerEnvironments, prodWithDomain, resourcesOfType, synthesize, type Estate } from './estate';

/**
 * Every Fargate task's environment, parsed with the app's own configuration schema in strict
 * mode: a variable the app does not read fails here, instead of being ignored at run time,
 * and every value the app would refuse fails here instead of at the first deploy.
 * Values CloudFormation resolves at deploy time (references, joins) are replaced by a sample
 * of the right shape, by variable.
 */
const RESOLVED_AT_DEPLOY: Readonly<Record<string, string>> = {
  AWS_REGION: 'ap-southeast-2',
  REDIS_URL: 'rediss://master.gomart.example.cache.amazonaws.com:6379',
  REDIS_PASSWORD: 'token-from-secrets-manager',
  COGNITO_USER_POOL_ID: 'ap-southeast-2_example',
  COGNITO_CLIENT_ID: 'exampleclientid',
  CLOUDMAP_NAMESPACE: 'gomart.local',
  EVENTS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:123456789012:gomart-order-events',
  EVENTS_QUEUE_URL: 'https://sqs.ap-southeast-2.amazonaws.com/123456789012/gomart-events',
  EXPORT_BUCKET: 'gomart-prod-exports',
  ARCHIVE_BUCKET: 'gomart-prod-archive',
};

/** Variables Node itself reads (the heap limit), not the app's configuration. */
const READ_BY_NODE: ReadonlySet<string> = new Set(['NODE_OPTIONS']);

function secretsOf(estate: Estate): Record<string, string[]> {
  return Object.fromEntries(
    resourcesOfType(estate.json(estate.services), 'AWS::ECS::TaskDefinition').map(([, task]) => {
      const [container] = task.Properties?.ContainerDefinitions as { Secrets?: { Name: string }[] }[];
      return [task.Properties?.Family as string, (container?.Secrets ?? []).map((secret) => secret.Name)];
    }),
  );
}

describe.each([
  ['dev', {}],
  ['prod', prodWithDomain],
])('the %s tasks', (_name, context) => {
  const estate = synthesize(context);
  const environments = containerEnvironments(estate);
  const secrets = secretsOf(estate);

  it('exist for every service', () => {
    expect(Object.keys(environments).length).toBeGreaterThanOrEqual(4);
  });

  it.each(Object.keys(environments))('%s: every variable is one the app reads, with a value it accepts', (family) => {
    const env = Object.fromEntries(
      [
        ...Object.entries(environments[family] ?? {}).filter(([name]) => !READ_BY_NODE.has(name)),
        ...(secrets[family] ?? []).map((name) => [name, undefined] as const),
      ].map(
        ([name, value]) => [name, typeof value === 'string' ? value : (RESOLVED_AT_DEPLOY[name] ?? `unresolved ${name}`)],
      ),
    );
    expect(() => loadConfig(env, { strict: true })).not.toThrow();
  });
});
