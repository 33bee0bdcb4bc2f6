import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createGoMart, type GoMartStacks } from '../lib/gomart-app';

/** A stand-in build context: synthesis stages it as the image asset without building it. */
const imageFixture = join(__dirname, 'fixtures', 'image');
/** A stand-in storefront build (index.html, admin.html, hashed assets, an image). */
export const storefrontFixture = join(__dirname, 'fixtures', 'storefront');

/** The context deploy/cdk.json gives every synthesis (feature flags, project, region, CIDR). */
const cdkJsonContext = (JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: object })
  .context;

/** The least a production estate needs: a domain (sign-in redirects to it); sender and geo left default. */
export const prodMinimal = {
  env: 'prod',
  domain: 'shop.example.com',
  hostedZoneId: 'Z0000000000EXAMPLE',
  hostedZoneName: 'example.com',
} as const;

/** Sample context for a production estate with a domain; tests spread it where they need it. */
export const prodWithDomain = {
  env: 'prod',
  domain: 'shop.example.com',
  hostedZoneId: 'Z0000000000EXAMPLE',
  hostedZoneName: 'example.com',
  mailFrom: 'orders@shop.example.com',
  sesIdentity: 'shop.example.com',
  geoAllowlist: 'AU,NZ',
  alarmEmail: 'ops@example.com',
} as const;

/** A synthesized estate: the stacks plus each stack's template. */
export interface Estate extends GoMartStacks {
  readonly app: App;
  template(stack: Stack): Template;
  /** The raw template, for walking resources the assertions API has no matcher for. */
  json(stack: Stack): CfnTemplate;
  /** Follows an `Fn::GetStackOutput` (a cross-stack reference) to the producer's output value. */
  produced(reference: unknown): unknown;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResourceJson>;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

export interface EstateOptions {
  /** Upload the storefront fixture (default) or build without a storefront directory. */
  readonly storefront?: boolean;
}

/** Builds the app as bin/gomart.ts does, with cdk.json's context and sample values, without synthesizing. */
export function buildEstate(
  context: Readonly<Record<string, string>> = {},
  options: EstateOptions = {},
): { app: App; stacks: GoMartStacks } {
  const app = new App({
    context: { ...cdkJsonContext, env: 'dev', mailFrom: 'orders@example.com', ...context },
  });
  const storefrontDirectory = options.storefront === false ? undefined : storefrontFixture;
  return { app, stacks: createGoMart(app, { image: { directory: imageFixture }, storefrontDirectory }) };
}

/**
 * Builds and synthesizes the whole app the way bin/gomart.ts does (cdk.json context, cdk-nag
 * on: an unacknowledged finding throws here). Synthesize once per test file, in beforeAll.
 */
export function synthesize(context: Readonly<Record<string, string>> = {}, options: EstateOptions = {}): Estate {
  const { app, stacks } = buildEstate(context, options);
  const assembly = app.synth();
  const templates = new Map<string, CfnTemplate>();
  const json = (stack: Stack): CfnTemplate => {
    let template = templates.get(stack.stackName);
    if (!template) {
      template = assembly.getStackByName(stack.stackName).template as CfnTemplate;
      templates.set(stack.stackName, template);
    }
    return template;
  };
  const all = Object.values(stacks).filter((stack): stack is Stack => stack !== undefined);
  return {
    ...stacks,
    app,
    template: (stack) => Template.fromStack(stack),
    json,
    produced(reference) {
      const { StackName, OutputName } = (
        reference as { 'Fn::GetStackOutput': { StackName: string; OutputName: string } }
      )['Fn::GetStackOutput'];
      const producer = all.find((stack) => stack.stackName === StackName);
      if (!producer) throw new Error(`No stack ${StackName}`);
      const output = json(producer).Outputs?.[OutputName];
      if (!output) throw new Error(`No output ${OutputName} in ${StackName}`);
      return output.Value;
    },
  };
}

/** The resources of one type in a template, by logical id. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResourceJson][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Each task family's container environment, as a name -> value map (values may be intrinsics). */
export function containerEnvironments(estate: Estate): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    resourcesOfType(estate.json(estate.services), 'AWS::ECS::TaskDefinition').map(([, task]) => {
      const [container] = task.Properties?.ContainerDefinitions as {
        Environment: { Name: string; Value: unknown }[];
      }[];
      const environment = Object.fromEntries((container?.Environment ?? []).map((entry) => [entry.Name, entry.Value]));
      return [task.Properties?.Family as string, environment];
    }),
  );
}

/** The properties of the one resource of a type (optionally with a logical id prefix); throws unless exactly one. */
export function onlyResource<T = Record<string, unknown>>(template: CfnTemplate, type: string, idPrefix = ''): T {
  const matches = resourcesOfType(template, type).filter(([id]) => id.startsWith(idPrefix));
  if (matches.length !== 1) throw new Error(`Expected one ${type} ${idPrefix}, found ${matches.length}`);
  return (matches[0]?.[1].Properties ?? {}) as T;
}
