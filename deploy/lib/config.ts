import { Aws } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { type EnvironmentName, type Profile, profiles } from './profiles';

export * from './profiles';

/** A public hosted zone the estate may add records to. */
export interface DomainConfig {
  /** The storefront's host name, e.g. `shop.example.com`. */
  readonly name: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
}

/** The SES identity order mail is sent from: a domain or one address. */
export interface SesIdentityConfig {
  /** `example.com` (the whole domain, DKIM) or `orders@example.com` (that address only). */
  readonly name: string;
  readonly kind: 'domain' | 'address';
  /** Already verified in the account (console or another stack): referenced, not created. */
  readonly existing: boolean;
}

/** The resolved deployment configuration: the profile plus names from context. */
export interface GoMartConfig {
  readonly envName: EnvironmentName;
  readonly project: string;
  /** `<project>-<env>`: prefix of every physical name. */
  readonly prefix: string;
  /** Physical DynamoDB table names are `<tablePrefix><table id>`. */
  readonly tablePrefix: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
  readonly namespaceName: string;
  readonly mailFrom: string;
  readonly sesIdentity: SesIdentityConfig;
  readonly domain?: DomainConfig;
  /** Prefix of the Cognito hosted sign-in domain `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly authDomainPrefix: string;
  readonly alarmEmail?: string;
  /** ISO 3166 alpha-2 codes; when set, CloudFront serves only these countries. */
  readonly geoAllowlist: readonly string[];
  readonly cloudTrail: boolean;
  /** Object Lock default retention of the archive, in days. */
  readonly archiveRetentionDays: number;
  /** Image tag in the per-app ECR repositories (the pipeline's commit); unset builds local assets. */
  readonly imageTag?: string;
  readonly profile: Profile;
}

/**
 * Physical name of a bucket the services address by name (so their grants need no reference
 * into the data stack): unique per project, environment, account and region.
 */
export function bucketName(config: GoMartConfig, purpose: 'exports' | 'archive'): string {
  return `${config.prefix}-${purpose}-${Aws.ACCOUNT_ID}-${config.region}`;
}

/** Raised when context is missing or malformed; names the key and the expected shape. */
export class ContextError extends Error {
  constructor(key: string, problem: string) {
    super(`Context "${key}": ${problem}. Pass it with -c ${key}=... or set it in deploy/cdk.json.`);
    this.name = 'ContextError';
  }
}

const NAME = /^[a-z][a-z0-9-]{1,20}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOST = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const AUTH_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A context value as a trimmed string; undefined when absent or empty. */
export function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ContextError(key, 'must be a string');
  }
  return String(value).trim();
}

/**
 * Reads the deployment configuration from CDK context (`-c key=value` or deploy/cdk.json).
 * `envName` is the `env` context unless given (a pipeline stage gives its own). A key may be
 * given per environment as `<env>:<key>` (`-c prod:domain=shop.example.com`), which wins
 * over the plain key, so one synthesis can carry the values of both stages.
 * Keys: env, project, region, availabilityZones, vpcCidr, namespace, mailFrom, sesIdentity,
 * sesIdentityExisting, domain, hostedZoneId, hostedZoneName, authDomainPrefix, alarmEmail,
 * geoAllowlist, cloudTrail, archiveRetentionDays, imageTag.
 */
export function readConfig(node: Node, envName?: EnvironmentName): GoMartConfig {
  const environment = envName ?? contextString(node, 'env');
  if (environment === undefined) throw new ContextError('env', 'is required');
  if (environment !== 'dev' && environment !== 'prod') throw new ContextError('env', 'must be "dev" or "prod"');
  const get = (key: string): string | undefined =>
    contextString(node, `${environment}:${key}`) ?? contextString(node, key);
  const required = (key: string): string => {
    const value = get(key);
    if (value === undefined) throw new ContextError(key, 'is required');
    return value;
  };
  const profile = profiles[environment];

  const project = required('project');
  if (!NAME.test(project)) throw new ContextError('project', 'must be 2-21 lower-case letters, digits or "-"');
  const prefix = `${project}-${environment}`;

  const region = required('region');
  if (!REGION.test(region)) throw new ContextError('region', `"${region}" is not an AWS region name`);

  const availabilityZones = list(get('availabilityZones')) ?? defaultZones(region, profile.azCount);
  if (availabilityZones.length < 2 || availabilityZones.some((zone) => !zone.startsWith(region))) {
    throw new ContextError('availabilityZones', `must list at least two zones of ${region}`);
  }

  const vpcCidr = required('vpcCidr');
  // Three AZs of /20 application subnets plus /24 public and data subnets need at least a /18.
  if (!/^\d{1,3}(\.\d{1,3}){3}\/(1[6-8])$/.test(vpcCidr)) {
    throw new ContextError('vpcCidr', 'must be an IPv4 CIDR block from /16 to /18');
  }

  const mailFrom = required('mailFrom');
  if (!EMAIL.test(mailFrom)) throw new ContextError('mailFrom', 'must be an e-mail address');

  const alarmEmail = get('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new ContextError('alarmEmail', 'must be an e-mail address');
  }

  const geoAllowlist = list(get('geoAllowlist')) ?? [];
  if (geoAllowlist.some((code) => !/^[A-Z]{2}$/.test(code))) {
    throw new ContextError('geoAllowlist', 'must be comma-separated ISO 3166 alpha-2 codes, e.g. AU,NZ,SG');
  }

  const domain = readDomain(get);
  // The hosted sign-in redirects to https://<domain>/signin/callback; prod has no localhost to fall back to.
  if (environment === 'prod' && !domain) {
    throw new ContextError('domain', 'is required in prod: sign-in redirects to https://<domain>/signin/callback');
  }

  const authDomainPrefix = get('authDomainPrefix') ?? prefix;
  if (!AUTH_PREFIX.test(authDomainPrefix) || /aws|amazon|cognito/.test(authDomainPrefix)) {
    throw new ContextError(
      'authDomainPrefix',
      'must be lower-case letters, digits and "-", without aws/amazon/cognito',
    );
  }

  const imageTag = get('imageTag');
  if (imageTag !== undefined && !IMAGE_TAG.test(imageTag)) throw new ContextError('imageTag', 'is not a Docker tag');

  return {
    envName: environment,
    project,
    prefix,
    tablePrefix: `${prefix}-`,
    region,
    availabilityZones,
    vpcCidr,
    namespaceName: get('namespace') ?? `${prefix}.internal`,
    mailFrom,
    sesIdentity: readSesIdentity(get, mailFrom),
    domain,
    authDomainPrefix,
    alarmEmail,
    geoAllowlist,
    cloudTrail: readBoolean(get, 'cloudTrail', true),
    archiveRetentionDays: readPositiveInteger(get, 'archiveRetentionDays') ?? profile.archive.lockRetentionDays,
    imageTag,
    profile,
  };
}

type Get = (key: string) => string | undefined;

function readDomain(get: Get): DomainConfig | undefined {
  const name = get('domain');
  if (name === undefined) return undefined;
  if (!HOST.test(name)) throw new ContextError('domain', `"${name}" is not a host name`);
  const hostedZoneId = get('hostedZoneId');
  const hostedZoneName = get('hostedZoneName');
  if (hostedZoneId === undefined) throw new ContextError('hostedZoneId', 'is required when domain is set');
  if (hostedZoneName === undefined) throw new ContextError('hostedZoneName', 'is required when domain is set');
  if (name !== hostedZoneName && !name.endsWith(`.${hostedZoneName}`)) {
    throw new ContextError('domain', `must be ${hostedZoneName} or a name under it`);
  }
  return { name, hostedZoneId, hostedZoneName };
}

/**
 * The identity defaults to the sender address itself. A domain identity must contain the
 * sender (SES sends from any address of a verified domain, and only from those).
 */
function readSesIdentity(get: Get, mailFrom: string): SesIdentityConfig {
  const name = get('sesIdentity') ?? mailFrom;
  const existing = readBoolean(get, 'sesIdentityExisting', false);
  if (EMAIL.test(name)) {
    if (name !== mailFrom) throw new ContextError('sesIdentity', `an address identity must be mailFrom (${mailFrom})`);
    return { name, kind: 'address', existing };
  }
  if (!HOST.test(name)) throw new ContextError('sesIdentity', `"${name}" is neither a domain nor an address`);
  const senderDomain = mailFrom.slice(mailFrom.indexOf('@') + 1);
  if (senderDomain !== name && !senderDomain.endsWith(`.${name}`)) {
    throw new ContextError('sesIdentity', `mailFrom (${mailFrom}) is not an address of ${name}`);
  }
  return { name, kind: 'domain', existing };
}

function readBoolean(get: Get, key: string, fallback: boolean): boolean {
  const value = get(key) ?? String(fallback);
  if (value !== 'true' && value !== 'false') throw new ContextError(key, 'must be true or false');
  return value === 'true';
}

function readPositiveInteger(get: Get, key: string): number | undefined {
  const value = get(key);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new ContextError(key, 'must be a whole number of days');
  return Number(value);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return items.length > 0 ? items : undefined;
}

/**
 * Zones named `<region>a`, `<region>b`, ... exist in every account for the regions this
 * estate targets; naming them keeps synthesis offline (no AZ look-up). Override with the
 * `availabilityZones` context where a region lacks one of these letters.
 */
function defaultZones(region: string, count: number): string[] {
  return ['a', 'b', 'c', 'd'].slice(0, count).map((letter) => `${region}${letter}`);
}
