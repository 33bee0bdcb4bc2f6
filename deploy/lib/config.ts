import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** The deployable environments; each has one {@link Profile}. */
export type EnvironmentName = 'dev' | 'prod';

/** Size and scaling bounds of one Fargate service. */
export interface ServiceSizing {
  /** Fargate CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Target tracking goal: average CPU utilisation, in percent. */
  readonly targetCpuPercent: number;
  /** Target ALB requests per task per minute. */
  readonly targetRequestsPerTask: number;
}

/** Everything that differs between dev and prod: sizes, counts, retention, protection. */
export interface Profile {
  readonly azCount: number;
  readonly natGateways: number;
  /** Run tasks on Fargate Spot (about 70% cheaper, may be interrupted with a 2-minute SIGTERM notice). */
  readonly fargateSpot: boolean;
  /**
   * Interface endpoints cost ~US$10 a month per endpoint per AZ; dev reaches AWS APIs
   * through its NAT gateway instead. Gateway endpoints (DynamoDB, S3) are free and always on.
   */
  readonly interfaceEndpoints: boolean;
  readonly service: ServiceSizing;
  readonly redis: { readonly nodeType: string; readonly replicas: number; readonly snapshotRetentionDays: number };
  readonly logRetention: RetentionDays;
  /** Applied to tables, buckets, user pool and secrets. */
  readonly dataRemovalPolicy: RemovalPolicy;
  /** Deletion protection on tables, user pool and load balancer, and termination protection on stacks. */
  readonly deletionProtection: boolean;
  /** API Gateway stage throttling: steady requests per second and burst. */
  readonly api: { readonly rateLimit: number; readonly burstLimit: number };
  /** Requests per client IP in any 5-minute window before WAF blocks it. */
  readonly wafRateLimit: number;
  readonly archive: {
    readonly glacierAfter: Duration;
    readonly deepArchiveAfter: Duration;
    /** Undefined keeps archived objects for ever. */
    readonly expireAfter?: Duration;
  };
  readonly accessLogsExpireAfter: Duration;
  readonly athenaBytesScannedCutoff: number;
  /** Cognito threat protection (Plus feature plan, billed per MAU). */
  readonly cognitoThreatProtection: boolean;
  readonly alarms: { readonly p99LatencySeconds: number; readonly target5xxPer5Min: number };
}

const GiB = 1024 ** 3;

export const profiles: Readonly<Record<EnvironmentName, Profile>> = {
  dev: {
    azCount: 2,
    natGateways: 1,
    fargateSpot: true,
    interfaceEndpoints: false,
    service: {
      cpu: 256,
      memoryMiB: 512,
      minTasks: 1,
      maxTasks: 2,
      targetCpuPercent: 70,
      targetRequestsPerTask: 1000,
    },
    redis: { nodeType: 'cache.t4g.micro', replicas: 1, snapshotRetentionDays: 1 },
    logRetention: RetentionDays.TWO_WEEKS,
    dataRemovalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    api: { rateLimit: 50, burstLimit: 100 },
    wafRateLimit: 1000,
    archive: { glacierAfter: Duration.days(30), deepArchiveAfter: Duration.days(180), expireAfter: Duration.days(365) },
    accessLogsExpireAfter: Duration.days(30),
    athenaBytesScannedCutoff: 10 * GiB,
    cognitoThreatProtection: false,
    alarms: { p99LatencySeconds: 2, target5xxPer5Min: 10 },
  },
  prod: {
    azCount: 3,
    natGateways: 3,
    fargateSpot: false,
    interfaceEndpoints: true,
    service: {
      cpu: 1024,
      memoryMiB: 2048,
      minTasks: 2,
      maxTasks: 12,
      targetCpuPercent: 60,
      targetRequestsPerTask: 3000,
    },
    // The app reads and writes the primary; one replica in another AZ is the failover target.
    redis: { nodeType: 'cache.m7g.large', replicas: 1, snapshotRetentionDays: 7 },
    logRetention: RetentionDays.THREE_MONTHS,
    dataRemovalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    api: { rateLimit: 2000, burstLimit: 4000 },
    wafRateLimit: 3000,
    // Australian record keeping asks for 5-7 years; keep 7, most of it in Deep Archive.
    archive: {
      glacierAfter: Duration.days(90),
      deepArchiveAfter: Duration.days(365),
      expireAfter: Duration.days(2557),
    },
    accessLogsExpireAfter: Duration.days(365),
    athenaBytesScannedCutoff: 100 * GiB,
    cognitoThreatProtection: true,
    alarms: { p99LatencySeconds: 1, target5xxPer5Min: 5 },
  },
};

/** A public hosted zone the estate may add records to. */
export interface DomainConfig {
  /** The storefront's host name, e.g. `shop.example.com`. */
  readonly name: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
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
  readonly domain?: DomainConfig;
  readonly alarmEmail?: string;
  /** ISO 3166 alpha-2 codes; when set, CloudFront serves only these countries. */
  readonly geoAllowlist: readonly string[];
  readonly cloudTrail: boolean;
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

/**
 * Reads the deployment configuration from CDK context (`-c key=value` or deploy/cdk.json).
 * Keys: env, project, region, availabilityZones, vpcCidr, namespace, mailFrom, domain,
 * hostedZoneId, hostedZoneName, alarmEmail, geoAllowlist, cloudTrail.
 */
export function readConfig(node: Node): GoMartConfig {
  const get = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ContextError(key, 'must be a string');
    }
    return String(value).trim();
  };
  const required = (key: string): string => {
    const value = get(key);
    if (value === undefined) throw new ContextError(key, 'is required');
    return value;
  };

  const envName = required('env');
  if (envName !== 'dev' && envName !== 'prod') throw new ContextError('env', 'must be "dev" or "prod"');
  const profile = profiles[envName];

  const project = required('project');
  if (!NAME.test(project)) throw new ContextError('project', 'must be 2-21 lower-case letters, digits or "-"');
  const prefix = `${project}-${envName}`;

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

  const cloudTrail = get('cloudTrail') ?? 'true';
  if (cloudTrail !== 'true' && cloudTrail !== 'false') throw new ContextError('cloudTrail', 'must be true or false');

  return {
    envName,
    project,
    prefix,
    tablePrefix: `${prefix}-`,
    region,
    availabilityZones,
    vpcCidr,
    namespaceName: get('namespace') ?? `${prefix}.internal`,
    mailFrom,
    domain: readDomain(get),
    alarmEmail,
    geoAllowlist,
    cloudTrail: cloudTrail === 'true',
    profile,
  };
}

function readDomain(get: (key: string) => string | undefined): DomainConfig | undefined {
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
