import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { imageApps } from '../lib/images';
import { contextArguments, readPipelineConfig } from '../lib/pipeline-config';
import { BUILD_IMAGE, type PipelineStack } from '../lib/pipeline-stack';
import { type CfnTemplate, onlyResource, resourcesOfType } from './estate';
import { buildPipeline, pipelineContext } from './pipeline-estate';

interface StageJson {
  Name: string;
  Actions: {
    Name: string;
    RunOrder: number;
    ActionTypeId: { Category: string; Provider: string };
    Configuration?: Record<string, unknown>;
  }[];
}

describe('delivery pipeline', () => {
  let stack: PipelineStack;
  let template: Template;
  let json: CfnTemplate;
  let missingContext: unknown[];
  beforeAll(() => {
    const built = buildPipeline();
    const assembly = built.app.synth(); // cdk-nag runs here: an unacknowledged finding throws
    missingContext = [assembly, ...assembly.nestedAssemblies.map((nested) => nested.nestedAssembly)].flatMap(
      (cloud) => cloud.manifest.missing ?? [],
    );
    stack = built.stack;
    template = Template.fromStack(stack);
    json = template.toJSON() as CfnTemplate;
  });

  const stages = (): StageJson[] => onlyResource<{ Stages: StageJson[] }>(json, 'AWS::CodePipeline::Pipeline').Stages;

  /** The buildspec of the CodeBuild project behind a pipeline action, by the action's name. */
  const buildSpec = (
    projectPathEnd: string,
  ): { phases: Record<string, { commands: string[] }>; cache?: unknown; env?: unknown } => {
    const project = resourcesOfType(json, 'AWS::CodeBuild::Project').find(([id]) => id.includes(projectPathEnd));
    const source = project?.[1].Properties?.Source as { BuildSpec: string };
    return JSON.parse(source.BuildSpec) as never;
  };

  it('runs source, build and test, self-update, assets, dev with images and a smoke test, approval, prod', () => {
    expect(stages().map((stage) => stage.Name)).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Dev', 'Prod']);
    const [source] = stages()[0]?.Actions ?? [];
    expect(source?.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(source?.Configuration).toMatchObject({
      ConnectionArn: pipelineContext.connectionArn,
      FullRepositoryId: 'gomart/shop',
      BranchName: 'main',
    });

    const dev = stages().find((stage) => stage.Name === 'Dev')?.Actions ?? [];
    const byOrder = [...dev].sort((a, b) => a.RunOrder - b.RunOrder);
    expect(byOrder[0]?.Name).toBe('PushImages');
    expect(byOrder.at(-1)?.Name).toBe('SmokeTest');
    expect(dev.filter((action) => action.ActionTypeId.Provider === 'CloudFormation').length).toBeGreaterThan(0);

    const prod = stages().find((stage) => stage.Name === 'Prod')?.Actions ?? [];
    const first = [...prod].sort((a, b) => a.RunOrder - b.RunOrder)[0];
    expect(first).toMatchObject({ Name: 'PromoteToProd', ActionTypeId: { Category: 'Approval', Provider: 'Manual' } });
  });

  it('synthesizes without AWS calls (the stages name their zones)', () => {
    expect(missingContext).toEqual([]);
  });

  it('builds and tests as CI does, on Debian with redis-server and chromium, with a cached npm', () => {
    const spec = buildSpec('BuildTestSynth');
    const install = spec.phases.install?.commands.join('\n') ?? '';
    expect(install).toMatch(/apt-get install .*redis-server chromium/);
    const commands = spec.phases.build?.commands ?? [];
    for (const step of [
      'npm ci',
      'npm run build',
      'npm run typecheck',
      'npm run lint',
      'npm test',
      'npm run cdk:synth',
    ]) {
      expect(commands.some((command) => command.startsWith(step))).toBe(true);
    }
    const synth = commands.at(-1) ?? '';
    expect(synth).toContain('-c pipeline=true -c imageTag="$COMMIT_ID"');
    expect(synth).toContain("-c prod:domain='shop.example.com'");
    expect(synth).not.toMatch(/-c imageTag='/);
    expect(spec.cache).toEqual({ paths: ['/root/.npm/**/*'] });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ Image: BUILD_IMAGE, ComputeType: 'BUILD_GENERAL1_LARGE' }),
      Cache: Match.objectLike({ Type: 'S3' }),
    });
  });

  it('keeps one ECR repository per app: scanned on push, immutable tags, the last 30 images', () => {
    const repositories = resourcesOfType(json, 'AWS::ECR::Repository').map(([, repository]) => repository);
    expect(repositories.map((repository) => repository.Properties?.RepositoryName).sort()).toEqual(
      imageApps.map((app) => `gomart/${app}`).sort(),
    );
    for (const repository of repositories) {
      expect(repository.DeletionPolicy).toBe('Retain');
      expect(repository.Properties).toMatchObject({
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
      const policy = JSON.parse(
        (repository.Properties?.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText,
      ) as {
        rules: { selection: { countType: string; countNumber: number } }[];
      };
      expect(policy.rules[0]?.selection).toMatchObject({ countType: 'imageCountMoreThan', countNumber: 30 });
    }
  });

  it('pushes the images under the commit id, which both stages run', () => {
    const spec = buildSpec('PushImages');
    expect(spec.phases.build?.commands).toEqual(['bash deploy/scripts/push-images.sh']);
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({
        PrivilegedMode: true,
        EnvironmentVariables: Match.arrayWith([Match.objectLike({ Name: 'PROJECT', Value: 'gomart' })]),
      }),
    });
    for (const stage of [stack.dev, stack.prod]) {
      const services = Template.fromStack(stage.stacks.services).toJSON() as CfnTemplate;
      for (const [, task] of resourcesOfType(services, 'AWS::ECS::TaskDefinition')) {
        const [container] = task.Properties?.ContainerDefinitions as { Image: unknown }[];
        expect(JSON.stringify(container?.Image)).toContain(`:${pipelineContext.imageTag}`);
      }
    }
  });

  it('smoke-tests dev with its outputs and nothing more than it needs', () => {
    const spec = buildSpec('SmokeTest');
    expect(spec.phases.build?.commands).toEqual(['bash deploy/scripts/smoke-test.sh']);
    const dev = stages().find((stage) => stage.Name === 'Dev')?.Actions ?? [];
    const smoke = dev.find((action) => action.Name === 'SmokeTest');
    const variables = JSON.parse(String(smoke?.Configuration?.EnvironmentVariables)) as { name: string }[];
    expect(variables.map((variable) => variable.name).sort()).toEqual(
      ['CLIENT_ID', 'CLUSTER', 'SERVICES', 'STOREFRONT_URL', 'TARGET_GROUPS', 'USER_POOL_ID'].sort(),
    );
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({
        EnvironmentVariables: Match.arrayWith([
          { Name: 'SMOKE_SECRET_ID', Type: 'PLAINTEXT', Value: 'gomart-dev/smoke-customer' },
        ]),
      }),
    });
    const smokePolicy = resourcesOfType(json, 'AWS::IAM::Policy').find(([id]) => id.includes('SmokeTest'));
    const text = JSON.stringify(smokePolicy?.[1].Properties?.PolicyDocument);
    expect(text).toContain('cognito-idp:AdminInitiateAuth');
    expect(text).toContain('secret:gomart-dev/smoke-customer-*');
    expect(text).not.toContain('cognito-idp:*');
  });

  it('passes the context on to its own synthesis, quoted, without per-run or CDK keys', () => {
    const app = new App({ context: { ...pipelineContext, '@aws-cdk/core:flag': true, note: "it's" } });
    const args = contextArguments(app.node);
    expect(args).toContain("-c account='111122223333'");
    expect(args).toContain("-c note='it'\\''s'");
    expect(args).not.toMatch(/imageTag|pipeline=|@aws-cdk/);
  });

  it.each([
    ['account', { account: '1234' }, /12-digit/],
    ['connectionArn', { connectionArn: 'arn:aws:s3:::bucket' }, /CodeConnections/],
    ['repository', { repository: 'no-owner' }, /owner\/name/],
  ])('rejects a bad %s', (_, override, message) => {
    const app = new App({ context: { project: 'gomart', region: 'ap-southeast-2', ...pipelineContext, ...override } });
    expect(() => readPipelineConfig(app.node)).toThrow(message);
  });
});
