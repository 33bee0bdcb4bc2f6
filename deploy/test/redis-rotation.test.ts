import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { ROTATOR_CODE } from '../lib/constructs/redis-auth-rotator-code';
import { type Estate, onlyResource, resourcesOfType, synthesize } from './estate';

interface StateJson {
  Type: string;
  Next?: string;
  Arguments?: Record<string, unknown>;
  Resource?: string;
  Choices?: { Next: string }[];
  Default?: string;
}

/** The request fields the rotation function sends (all strings here). */
interface FakeInput {
  readonly VersionStage?: string;
  readonly VersionStages?: string[];
  readonly SecretString?: string;
  readonly MoveToVersionId?: string;
  readonly RemoveFromVersionId?: string;
  readonly AuthToken?: string;
  readonly AuthTokenUpdateStrategy?: string;
}

/**
 * Secrets Manager and ElastiCache cannot run here (moto has no ModifyReplicationGroup), so the
 * rotation function runs against this stand-in: a secret's versions and stages, and the AUTH
 * tokens the replication group accepts, with the semantics of ROTATE (add) and SET (only this).
 */
function fakeAws(initialToken: string) {
  const versions = new Map<string, { value: string; stages: string[] }>([
    ['v0', { value: JSON.stringify({ authToken: initialToken }), stages: ['AWSCURRENT'] }],
  ]);
  const redis = { accepted: [initialToken] as string[], calls: [] as string[] };
  let next = 1;
  const command = (name: string) =>
    class {
      readonly name = name;
      constructor(readonly input: Record<string, unknown>) {}
    };
  const withStage = (stage: string) => [...versions].find(([, version]) => version.stages.includes(stage));
  const secrets = {
    DescribeSecretCommand: command('DescribeSecret'),
    GetSecretValueCommand: command('GetSecretValue'),
    GetRandomPasswordCommand: command('GetRandomPassword'),
    PutSecretValueCommand: command('PutSecretValue'),
    UpdateSecretVersionStageCommand: command('UpdateSecretVersionStage'),
    SecretsManagerClient: class {
      async send({ name, input }: { name: string; input: FakeInput }): Promise<unknown> {
        if (name === 'DescribeSecret') {
          return { VersionIdsToStages: Object.fromEntries([...versions].map(([id, version]) => [id, version.stages])) };
        }
        if (name === 'GetSecretValue') return { SecretString: withStage(input.VersionStage ?? '')?.[1].value };
        if (name === 'GetRandomPassword') return { RandomPassword: `token-${next}` };
        if (name === 'PutSecretValue') {
          versions.set(`v${next++}`, { value: input.SecretString ?? '', stages: input.VersionStages ?? [] });
          return {};
        }
        for (const [id, version] of versions) {
          if (id === input.RemoveFromVersionId) version.stages = version.stages.filter((s) => s !== input.VersionStage);
          if (id === input.MoveToVersionId) version.stages.push(input.VersionStage ?? '');
        }
        return {};
      }
    },
  };
  const elasticache = {
    ModifyReplicationGroupCommand: command('ModifyReplicationGroup'),
    ElastiCacheClient: class {
      async send({ input }: { input: FakeInput }): Promise<unknown> {
        redis.calls.push(input.AuthTokenUpdateStrategy ?? '');
        redis.accepted =
          input.AuthTokenUpdateStrategy === 'ROTATE'
            ? [...new Set([...redis.accepted, input.AuthToken ?? ''])]
            : [input.AuthToken ?? ''];
        return {};
      }
    },
  };
  const current = (): string => JSON.parse(withStage('AWSCURRENT')?.[1].value ?? '{}').authToken;
  return {
    versions,
    redis,
    current,
    modules: { '@aws-sdk/client-secrets-manager': secrets, '@aws-sdk/client-elasticache': elasticache },
  };
}

function loadRotator(aws: ReturnType<typeof fakeAws>): (event: { step: string }) => Promise<unknown> {
  const module = { exports: {} as { handler?: (event: { step: string }) => Promise<unknown> } };
  runInNewContext(ROTATOR_CODE, {
    require: (name: keyof typeof aws.modules) => aws.modules[name],
    exports: module.exports,
    module,
    process: { env: { SECRET_ID: 'secret', REPLICATION_GROUP_ID: 'gomart-dev-cache' } },
    JSON,
    Object,
    Error,
  });
  if (!module.exports.handler) throw new Error('no handler');
  return module.exports.handler;
}

describe('Redis AUTH token rotation', () => {
  it('never leaves a task with a token Redis refuses, and ends with only the new token', async () => {
    const aws = fakeAws('old');
    const rotate = loadRotator(aws);
    // A task started at any point reads AWSCURRENT; it must always be accepted.
    const aTaskStartingNowWorks = () => expect(aws.redis.accepted).toContain(aws.current());

    await rotate({ step: 'stage' });
    aTaskStartingNowWorks();
    expect(aws.redis.accepted).toEqual(['old', 'token-1']); // running tasks (old) still work
    await rotate({ step: 'promote' });
    aTaskStartingNowWorks();
    expect(aws.current()).toBe('token-1');
    expect(aws.redis.accepted).toContain('old'); // until every task restarted
    await rotate({ step: 'set' });
    aTaskStartingNowWorks();
    expect(aws.redis.accepted).toEqual(['token-1']);
    expect(aws.redis.calls).toEqual(['ROTATE', 'SET']);
    expect([...aws.versions.values()].flatMap((version) => version.stages)).not.toContain('AWSPENDING');
  });

  it('reuses a staged token when a run is repeated after failing', async () => {
    const aws = fakeAws('old');
    const rotate = loadRotator(aws);
    await rotate({ step: 'stage' });
    await rotate({ step: 'stage' });
    expect(aws.redis.accepted).toEqual(['old', 'token-1']);
    await expect(rotate({ step: 'unknown' })).rejects.toThrow(/Unknown step/);
  });

  describe('the synthesized state machine', () => {
    let dev: Estate;
    let states: Record<string, StateJson>;
    let startAt: string;
    beforeAll(() => {
      dev = synthesize({ env: 'dev' });
      const machine = onlyResource<{
        DefinitionString: unknown;
        LoggingConfiguration: unknown;
        TracingConfiguration: unknown;
      }>(dev.json(dev.services), 'AWS::StepFunctions::StateMachine');
      // The definition is an Fn::Join of text and ARNs; the text alone carries the states.
      const parts = (machine.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      // Every reference sits inside a JSON string (ARNs, names): a word stands in for it.
      const text = parts.map((part) => (typeof part === 'string' ? part : 'ref')).join('');
      const definition = JSON.parse(text) as {
        StartAt: string;
        States: Record<string, StateJson>;
      };
      states = definition.States;
      startAt = definition.StartAt;
    });

    /** The main path: each state's Next, or the non-looping branch of a choice. */
    const path = (): string[] => {
      const visited: string[] = [];
      let name: string | undefined = startAt;
      while (name && !visited.includes(name)) {
        visited.push(name);
        const state: StateJson | undefined = states[name];
        name =
          state?.Next ?? state?.Choices?.map((choice) => choice.Next).find((next) => states[next]?.Type === 'Pass');
      }
      return visited;
    };

    it('stages, waits, promotes, restarts the cache users, waits for them, then sets', () => {
      const order = path().filter((name) => !/^(Wait|Describe|Available|Done)/.test(name));
      expect(order).toEqual([
        'AddNewTokenBesideOld',
        'MakeNewTokenCurrent',
        'Restart0',
        'CacheUsersStable',
        'CacheUsersRestarted',
        'KeepOnlyNewToken',
        'Rotated',
      ]);
      expect(states.AddNewTokenBesideOld?.Arguments?.Payload).toEqual({ step: 'stage' });
      expect(states.KeepOnlyNewToken?.Arguments?.Payload).toEqual({ step: 'set' });
      expect(states.Restart0?.Resource).toBe('arn:ref:states:::aws-sdk:ecs:updateService');
      expect(states.Restart0?.Arguments).toMatchObject({ ForceNewDeployment: true });
    });

    it('restarts only the cache users, logs without execution data and runs every 90 days', () => {
      const restarts = Object.keys(states).filter(
        (name) => name.startsWith('Restart') && states[name]?.Type === 'Task',
      );
      expect(restarts).toHaveLength(1);
      expect(JSON.stringify(states.Restart0?.Arguments)).toContain('ref');
      dev.template(dev.services).hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: 'gomart-dev-rotate-redis-auth',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] },
        TracingConfiguration: { Enabled: true },
      });
      dev.template(dev.services).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(90 days)' });
      const modify = resourcesOfType(dev.json(dev.services), 'AWS::IAM::Policy').filter(([, policy]) =>
        JSON.stringify(policy.Properties?.PolicyDocument).includes('elasticache:ModifyReplicationGroup'),
      );
      expect(modify).toHaveLength(1);
      expect(JSON.stringify(modify[0]?.[1].Properties?.PolicyDocument)).toContain(':replicationgroup:gomart-dev-cache');
      dev.template(dev.services).hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'gomart-dev-redis-auth-rotation-failed',
        MetricName: 'ExecutionsFailed',
      });
    });
  });
});
