import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

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

/** How a routed service rolls out a new revision (ECS canary), and when it rolls back. */
export interface DeploymentProfile {
  /** Share of production traffic the new revision gets first, in percent. */
  readonly canaryPercent: number;
  /** How long the canary share runs before the rest of the traffic moves. */
  readonly canaryBake: Duration;
  /** How long both revisions stay up after the shift, so a rollback is instant. */
  readonly bake: Duration;
  /** Target 5xx answers per minute (both target groups) that roll a deployment back. */
  readonly rollback5xxPerMinute: number;
  /** p99 response time, in seconds, that rolls a deployment back after three minutes. */
  readonly rollbackP99Seconds: number;
}

/** Where the alarms trip; the rest of each alarm is the same in every environment. */
export interface AlarmThresholds {
  readonly p99LatencySeconds: number;
  readonly target5xxPer5Min: number;
  /** Age of the oldest message in a consumer queue, in seconds. */
  readonly queueAgeSeconds: number;
  /** Age of the oldest unpublished order event (OutboxAgeSeconds). */
  readonly outboxAgeSeconds: number;
  /** p99 of PlacementLatency, in milliseconds. */
  readonly placementP99Ms: number;
  /** Orders rejected per 5 minutes, any reason. */
  readonly ordersRejectedPer5Min: number;
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
  readonly deployment: DeploymentProfile;
  /** Queue consumers add a task when their queue holds more than this many messages per task. */
  readonly consumerBacklogPerTask: number;
  /** Seed the demo range into an empty catalog at start (SEED_DEMO_CATALOG): dev, for the smoke test. */
  readonly seedDemoCatalog: boolean;
  /**
   * Lets the storefront app client sign in with ADMIN_USER_PASSWORD_AUTH (IAM credentials
   * required), which the pipeline's smoke test uses for its test customer. Dev only.
   */
  readonly smokeTestSignIn: boolean;
  /** Adds http://localhost:3000 to the sign-in callback and logout URLs, for a storefront run locally. */
  readonly localhostSignIn: boolean;
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
    /** Objects move to Glacier Instant Retrieval (millisecond reads, 90-day minimum) after this. */
    readonly glacierAfter: Duration;
    readonly deepArchiveAfter: Duration;
    /** Undefined keeps archived objects for ever. */
    readonly expireAfter?: Duration;
    /**
     * Default Object Lock retention (governance mode) of every archived object; the
     * `archiveRetentionDays` context overrides it. Legal retention in prod is 7 years.
     */
    readonly lockRetentionDays: number;
  };
  /** AWS Backup: a daily recovery point of every table, kept this long (next to PITR's 35 days). */
  readonly backupRetention: Duration;
  readonly accessLogsExpireAfter: Duration;
  readonly athenaBytesScannedCutoff: number;
  /** Cognito threat protection (Plus feature plan, billed per MAU). */
  readonly cognitoThreatProtection: boolean;
  readonly alarms: AlarmThresholds;
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
    deployment: {
      canaryPercent: 20,
      canaryBake: Duration.minutes(2),
      bake: Duration.minutes(1),
      rollback5xxPerMinute: 5,
      rollbackP99Seconds: 2,
    },
    consumerBacklogPerTask: 100,
    seedDemoCatalog: true,
    smokeTestSignIn: true,
    localhostSignIn: true,
    redis: { nodeType: 'cache.t4g.micro', replicas: 1, snapshotRetentionDays: 1 },
    logRetention: RetentionDays.TWO_WEEKS,
    dataRemovalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    api: { rateLimit: 50, burstLimit: 100 },
    wafRateLimit: 1000,
    archive: {
      glacierAfter: Duration.days(30),
      deepArchiveAfter: Duration.days(180),
      expireAfter: Duration.days(365),
      // Short, so a dev estate can be torn down; locked versions cannot be deleted before it ends.
      lockRetentionDays: 1,
    },
    backupRetention: Duration.days(35),
    accessLogsExpireAfter: Duration.days(30),
    athenaBytesScannedCutoff: 10 * GiB,
    cognitoThreatProtection: false,
    alarms: {
      p99LatencySeconds: 2,
      target5xxPer5Min: 10,
      queueAgeSeconds: 900,
      outboxAgeSeconds: 300,
      placementP99Ms: 3000,
      ordersRejectedPer5Min: 50,
    },
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
    deployment: {
      canaryPercent: 10,
      canaryBake: Duration.minutes(10),
      bake: Duration.minutes(5),
      rollback5xxPerMinute: 3,
      rollbackP99Seconds: 1,
    },
    consumerBacklogPerTask: 200,
    seedDemoCatalog: false,
    smokeTestSignIn: false,
    localhostSignIn: false,
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
      lockRetentionDays: 2557,
    },
    backupRetention: Duration.days(35),
    accessLogsExpireAfter: Duration.days(365),
    athenaBytesScannedCutoff: 100 * GiB,
    cognitoThreatProtection: true,
    alarms: {
      p99LatencySeconds: 1,
      target5xxPer5Min: 5,
      queueAgeSeconds: 300,
      outboxAgeSeconds: 120,
      placementP99Ms: 1500,
      ordersRejectedPer5Min: 200,
    },
  },
};
