import { App, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
// cdk-nag's own rendering of a resource in IAM5 finding ids (not re-exported by the package).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { acknowledge } from './nag';

/**
 * Wildcards in the pipeline's roles (most written by CDK Pipelines, the smoke test's by us),
 * each with why it is acceptable.
 * Only findings matching one of these are acknowledged; any other wildcard still fails synthesis.
 */
const GENERATED_WILDCARDS: readonly { readonly finding: RegExp; readonly reason: string }[] = [
  {
    finding: /^Action::s3:(Abort|DeleteObject|GetBucket|GetObject|List)\*$/,
    reason: 'CDK Pipelines grants its roles the artifact and cache buckets with S3 action groups; only those buckets.',
  },
  {
    finding: /^Resource::<(Artifacts|BuildCache)[0-9A-F]{8}\.Arn>\/\*$/,
    reason: 'Objects of the pipeline artifact or build cache bucket; keys are per execution.',
  },
  {
    finding: /^Resource::arn:aws:s3:::[a-z0-9-]+-support-[a-z0-9]+\/\*$/,
    reason: 'Objects of the us-east-1 artifact replication bucket CodePipeline creates for the edge-security stack.',
  },
  {
    finding: /^Resource::arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:\/aws\/codebuild\/.+$/,
    reason: "A CodeBuild project's own log group; its streams are named per build.",
  },
  {
    finding: /^Resource::arn:aws:codebuild:[a-z0-9-]+:\d{12}:report-group\/.+$/,
    reason: "A CodeBuild project's own test report groups, named per report.",
  },
  {
    finding: /^Resource::arn:aws:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/\*$/,
    reason: 'The smoke test signs its customer in to the dev pool, which the stage creates after this stack.',
  },
  {
    finding: /^Resource::arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[a-z0-9-]+\/smoke-customer-\*$/,
    reason: "The smoke customer's secret; Secrets Manager appends a random suffix to the name.",
  },
  {
    finding: /^Resource::arn:aws:ecs:[a-z0-9-]+:\d{12}:service\/[a-z0-9-]+\/\*$/,
    reason: "The dev cluster's services, described while the smoke test waits for them to be stable.",
  },
  {
    finding: /^Resource::arn:\*:iam::\d{12}:role\/\*$/,
    reason:
      'Self-mutation and asset publishing assume the CDK bootstrap roles of this account, whose names carry a qualifier.',
  },
];

/** Role path fragment -> the action without resource-level permissions it needs. */
const UNSCOPED_ACTIONS: readonly [RegExp, string][] = [
  [/PushImages/, 'ecr:GetAuthorizationToken'],
  [/SmokeTest/, 'elasticloadbalancing:DescribeTargetHealth'],
  [/SelfMutation/, 'cloudformation:DescribeStacks and the CDK CLI look-ups'],
  [/Assets\/FileRole/, 'the CDK asset publisher look-ups'],
];

/**
 * Acknowledges the findings on what CDK Pipelines generates: known wildcards in its roles,
 * CodeBuild without a customer-managed key (artifacts stay in this account's SSE-S3 bucket;
 * a key matters only for cross-account deployments), the Debian build image, and the
 * replication bucket of the us-east-1 support stack. Call after buildPipeline().
 */
export function acknowledgePipeline(stack: Stack, pipeline: pipelines.CodePipeline): void {
  for (const node of pipeline.node.findAll()) {
    if (node instanceof codebuild.Project) {
      acknowledge(
        node,
        'CB4',
        'Build artifacts stay in the pipeline account, in its SSE-S3 artifact bucket; a KMS key only matters for ' +
          'cross-account deployments, which this pipeline does not make (crossAccountKeys is off).',
      );
    }
    if (node instanceof iam.Policy) acknowledgeGeneratedWildcards(stack, node);
  }
  const synth = pipeline.node.findAll().find((node) => node.node.path.endsWith('BuildTestSynth/CdkBuildProject'));
  if (synth) {
    acknowledge(
      synth,
      'CB5',
      'Debian 12 with Node 24 from the ECR Public mirror of the official image: the CI machines are Debian, and ' +
        "Ubuntu's CodeBuild images ship chromium only as a snap, which the browser tests cannot run in a container.",
    );
  }
  for (const support of App.of(stack)?.node.children ?? []) {
    if (support instanceof Stack && support.node.id.startsWith('cross-region-stack-')) {
      acknowledge(
        support,
        'S1',
        'CodePipeline replicates artifacts into this us-east-1 bucket for the edge-security stack; it holds only ' +
          'pipeline artifacts, expires them, and is written and read by the pipeline role alone.',
      );
    }
  }
}

function acknowledgeGeneratedWildcards(stack: Stack, policy: iam.Policy): void {
  const document = stack.resolve(policy.document.toJSON()) as { Statement?: { Action: unknown; Resource?: unknown }[] };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
  for (const statement of document.Statement ?? []) {
    const findings = [
      ...list(statement.Action)
        .filter((action): action is string => typeof action === 'string' && action.includes('*'))
        .map((action) => `Action::${action}`),
      ...list(statement.Resource)
        .map((resource) => `Resource::${flattenCfnReference(resource)}`)
        .filter((finding) => finding.includes('*')),
    ];
    for (const finding of findings) {
      if (finding === 'Resource::*') {
        const unscoped = UNSCOPED_ACTIONS.find(([path]) => path.test(policy.node.path));
        if (unscoped) acknowledge(policy, `IAM5[${finding}]`, `${unscoped[1]} has no resource-level permissions.`);
        continue;
      }
      const known = GENERATED_WILDCARDS.find(({ finding: pattern }) => pattern.test(finding));
      if (known) acknowledge(policy, `IAM5[${finding}]`, known.reason);
    }
  }
}
