import type { Node } from 'constructs';
import { ContextError, contextString } from './config';

/** The delivery pipeline's settings, read from context next to the estate's (`-c pipeline=true`). */
export interface PipelineConfig {
  readonly project: string;
  /** The account the pipeline, its image repositories and both stages live in. */
  readonly account: string;
  readonly region: string;
  /** A CodeStar (CodeConnections) connection to the Git host, created and authorised once by hand. */
  readonly connectionArn: string;
  /** `owner/name` on the Git host. */
  readonly repository: string;
  readonly branch: string;
  /** Images kept per app repository (older ones expire). */
  readonly imagesToKeep: number;
}

const ACCOUNT = /^\d{12}$/;
const CONNECTION =
  /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Context keys of the pipeline: account, connectionArn, repository, branch (default main),
 * imagesToKeep (default 30); project and region as for the estate.
 */
export function readPipelineConfig(node: Node): PipelineConfig {
  const required = (key: string): string => {
    const value = contextString(node, key);
    if (value === undefined) throw new ContextError(key, 'is required for the pipeline (-c pipeline=true)');
    return value;
  };
  const account = required('account');
  if (!ACCOUNT.test(account)) throw new ContextError('account', 'must be a 12-digit AWS account id');
  const connectionArn = required('connectionArn');
  if (!CONNECTION.test(connectionArn))
    throw new ContextError('connectionArn', 'must be a CodeConnections connection ARN');
  const repository = required('repository');
  if (!REPOSITORY.test(repository)) throw new ContextError('repository', 'must be owner/name');
  const imagesToKeep = Number(contextString(node, 'imagesToKeep') ?? '30');
  if (!Number.isInteger(imagesToKeep) || imagesToKeep < 2 || imagesToKeep > 1000) {
    throw new ContextError('imagesToKeep', 'must be a whole number from 2 to 1000');
  }
  return {
    project: required('project'),
    account,
    region: required('region'),
    connectionArn,
    repository,
    branch: contextString(node, 'branch') ?? 'main',
    imagesToKeep,
  };
}

/** Keys the synth step must not pass on: per-run values, CDK's own, and the feature flags in cdk.json. */
const NOT_FORWARDED = /^(@|aws:cdk|cdk-|imageTag$|env$|pipeline$)/;

/**
 * The context of this synthesis as `-c key=value` arguments, so the pipeline's own synthesis
 * (and self-mutation) sees what the first `cdk deploy` of the pipeline was given. Values are
 * single-quoted for the shell; none of the estate's keys is a secret.
 */
export function contextArguments(node: Node): string {
  return Object.entries(node.getAllContext() as Record<string, unknown>)
    .filter(([key, value]) => !NOT_FORWARDED.test(key) && ['string', 'number', 'boolean'].includes(typeof value))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `-c ${key}='${String(value).replaceAll("'", "'\\''")}'`)
    .join(' ');
}
