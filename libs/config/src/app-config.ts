import { join, resolve } from 'node:path';
import type { ServiceName } from '@gomart/contracts';
import { crossVariableProblems, environmentSchema, type Environment } from './config.schema';
import { parseStaticServices, type ServiceAddress } from './static-services';

/** The validated configuration every module reads; built once at boot. */
export interface AppConfig {
  readonly env: Environment['NODE_ENV'];
  readonly http: { readonly port: number; readonly host: string };
  readonly log: {
    readonly level: Environment['LOG_LEVEL'];
    readonly format: Environment['LOG_FORMAT'];
    /** `notable`: fast successful reads are logged at debug, everything else at info. */
    readonly requests: Environment['LOG_REQUESTS'];
  };
  /** `GET /metrics` (Prometheus text) and how often EMF lines are written (0: never). */
  readonly metrics: { readonly endpoint: boolean; readonly emfIntervalMs: number };
  readonly dataDir: string;
  readonly dynamo: {
    readonly mode: 'embedded' | 'aws' | 'endpoint';
    readonly endpoint?: string;
    readonly region: string;
    readonly tablePrefix: string;
    readonly createTables: boolean;
    readonly timeoutMs: number;
    /** Embedded dynalite only: where its files live, or undefined to keep them in memory. */
    readonly embeddedPath?: string;
  };
  readonly seed: { readonly demoCatalog: boolean; readonly productCount: number };
  readonly cache: {
    readonly redisUrl?: string;
    readonly redisPassword?: string;
    readonly memoryTtlMs: number;
    readonly memoryMaxEntries: number;
    readonly redisTtlMs: number;
    readonly negativeTtlMs: number;
    readonly redisTimeoutMs: number;
    readonly breakerResetMs: number;
    /** Redis down makes readiness 503 (true) or `degraded` with 200 (false, the default). */
    readonly readyRequiresRedis: boolean;
    /** `Cache-Control` of public reads: `max-age` and `stale-while-revalidate`, in seconds. */
    readonly http: { readonly maxAgeS: number; readonly staleWhileRevalidateS: number };
  };
  readonly auth:
    | { readonly mode: 'local'; readonly keyDir: string }
    | { readonly mode: 'cognito'; readonly userPoolId: string; readonly clientId: string; readonly domain?: string };
  readonly orders: {
    readonly maxLines: number;
    readonly maxQuantity: number;
    readonly leaseMs: number;
    readonly sweepIntervalMs: number;
    readonly replayWaitMs: number;
    /** What is authorised above the estimate of weighed lines, in percent. */
    readonly weightBufferPercent: number;
    readonly fault?: Environment['ORDER_FAULT'];
    /** Placements in flight on one instance before new ones are shed with 503 (`0`: unbounded). */
    readonly maxInFlight: number;
    /** Open (not final) orders one customer may hold at once (`0`: no bound). */
    readonly maxOpenPerCustomer: number;
    /** Units of one product one customer may hold across open orders (`0`: no bound). */
    readonly maxOpenUnitsPerProduct: number;
  };
  readonly fulfilment: {
    /** How long a slot hold lasts (renewable once, for as long again). */
    readonly holdMs: number;
    /** Days of slots kept open for booking. */
    readonly daysAhead: number;
    /** No booking later than this before a slot starts. */
    readonly cutoffMinutes: number;
    /** How often expired holds are released (`0`: never, tests sweep themselves). */
    readonly sweepIntervalMs: number;
  };
  readonly analyticsExport: {
    /** S3 bucket of the sales exports (Athena/Glue read it); local folder DATA_DIR/exports when unset. */
    readonly bucket?: string;
    readonly localDir: string;
    /** How often today's and yesterday's facts are re-exported (0: only on request). */
    readonly intervalMs: number;
  };
  /** Archival of decided orders to cold storage (the orders service runs it). */
  readonly archive: {
    /** S3 bucket (with Object Lock and lifecycle to Glacier); local folder `localDir` when unset. */
    readonly bucket?: string;
    readonly localDir: string;
    /** Orders DELIVERED, CANCELLED or REJECTED longer ago than this are archived. */
    readonly afterDays: number;
    /** How often a run starts on an instance (`0`: only on demand); one instance runs at a time (a lease). */
    readonly intervalMs: number;
    readonly batchSize: number;
    readonly leaseMs: number;
    readonly fault?: Environment['ARCHIVE_FAULT'];
  };
  readonly mail: {
    /** outbox: one JSON file per message under `dir`; ses: Amazon SES, addresses from Cognito. */
    readonly transport: 'outbox' | 'ses';
    readonly from: string;
    readonly dir: string;
    readonly userPoolId?: string;
  };
  readonly shutdown: { readonly drainMs: number; readonly timeoutMs: number };
  /** Spans of requests, internal calls, events, DynamoDB and Redis (off unless TRACING says otherwise). */
  readonly tracing: {
    readonly mode: Environment['TRACING'];
    /** OTLP/HTTP collector base URL (spans go to `/v1/traces`). */
    readonly endpoint: string;
    readonly sampleRatio: number;
    readonly exportDelayMs: number;
  };
  /** Whether /docs and /docs-json are served. */
  readonly apiDocs: boolean;
  /** What every app answers a client that asks too much; see libs/http/src/rate-limit.ts. */
  readonly rateLimit: {
    /** Proxy hops whose X-Forwarded-For is trusted for the client IP. */
    readonly trustProxyHops: number;
    readonly windowMs: number;
    /** Per client and window, each `0` when off. */
    readonly max: number;
    readonly ordersMax: number;
    readonly searchMax: number;
  };
  /** Split mode: the TCP listener for internal calls, and how services find each other. */
  readonly transport: {
    readonly host: string;
    readonly port: number;
    /** The address other services should use to reach this one (self-registration). */
    readonly advertiseHost: string;
    readonly timeoutMs: number;
    readonly retries: number;
  };
  readonly discovery:
    | { readonly mode: 'static'; readonly services: Readonly<Partial<Record<ServiceName, readonly ServiceAddress[]>>> }
    | {
        readonly mode: 'cloudmap';
        readonly namespace: string;
        readonly register: boolean;
        readonly cacheTtlMs: number;
      };
  readonly events: {
    readonly transport: 'tcp' | 'sns';
    /** Services that receive order events over TCP. */
    readonly consumers: readonly ServiceName[];
    readonly topicArn?: string;
    readonly queueUrl?: string;
  };
  /** AWS APIs other than DynamoDB (Cloud Map, SNS, SQS): the region, and a local endpoint (moto) if any. */
  readonly aws: { readonly region: string; readonly endpoint?: string };
}

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /**
   * Refuse variables the schema does not know. For environments written for the app alone
   * (a Fargate task definition): a variable no code reads is a mistake, not a setting.
   */
  readonly strict?: boolean;
}

/**
 * Parses and validates the environment: once per process, by the bootstrap (or a test, which
 * hands the result to the app). Pure: the same input always gives the same result.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): AppConfig {
  const raw = withoutEmptyValues(source);
  const parsed = (options.strict ? environmentSchema.strict() : environmentSchema).safeParse(raw);
  const problems = [
    ...(parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    ...crossVariableProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(parsed.data);
}

/** `FOO=` in a shell or an .env file means "not set", not "set to the empty string". */
function withoutEmptyValues(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

function toAppConfig(env: Environment): AppConfig {
  const dataDir = resolve(env.DATA_DIR);
  const endpoint = env.DYNAMODB_ENDPOINT;
  return {
    env: env.NODE_ENV,
    http: { port: env.PORT, host: env.HOST },
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT, requests: env.LOG_REQUESTS ?? (env.NODE_ENV === 'development' ? 'all' : 'notable') },
    metrics: {
      endpoint: env.METRICS_ENDPOINT ?? env.NODE_ENV !== 'production',
      emfIntervalMs: env.METRICS_EMF_INTERVAL_MS ?? (env.NODE_ENV === 'production' ? 60_000 : 0),
    },
    dataDir,
    dynamo: {
      mode: endpoint === 'embedded' || endpoint === 'aws' ? endpoint : 'endpoint',
      endpoint: endpoint === 'embedded' || endpoint === 'aws' ? undefined : endpoint,
      region: env.AWS_REGION,
      tablePrefix: env.DYNAMODB_TABLE_PREFIX,
      createTables: env.DYNAMODB_CREATE_TABLES,
      timeoutMs: env.DYNAMODB_TIMEOUT_MS,
      embeddedPath: env.DATA_IN_MEMORY ? undefined : resolve(env.DYNAMODB_EMBEDDED_PATH ?? join(dataDir, 'dynamodb')),
    },
    seed: { demoCatalog: env.SEED_DEMO_CATALOG, productCount: env.SEED_PRODUCT_COUNT },
    cache: {
      redisUrl: env.REDIS_URL,
      redisPassword: env.REDIS_PASSWORD,
      memoryTtlMs: env.CACHE_MEMORY_TTL_MS,
      memoryMaxEntries: env.CACHE_MEMORY_MAX_ENTRIES,
      redisTtlMs: env.CACHE_REDIS_TTL_MS,
      negativeTtlMs: env.CACHE_NEGATIVE_TTL_MS,
      redisTimeoutMs: env.CACHE_REDIS_TIMEOUT_MS,
      breakerResetMs: env.CACHE_BREAKER_RESET_MS,
      readyRequiresRedis: env.READY_REQUIRES_REDIS,
      http: { maxAgeS: env.CACHE_HTTP_MAX_AGE_S, staleWhileRevalidateS: env.CACHE_HTTP_STALE_S },
    },
    auth:
      env.AUTH_MODE === 'cognito'
        ? { mode: 'cognito', userPoolId: env.COGNITO_USER_POOL_ID ?? '', clientId: env.COGNITO_CLIENT_ID ?? '', domain: env.COGNITO_DOMAIN }
        : { mode: 'local', keyDir: join(dataDir, 'keys') },
    orders: {
      maxLines: env.ORDER_MAX_LINES,
      maxQuantity: env.ORDER_MAX_QUANTITY,
      leaseMs: env.ORDER_LEASE_MS,
      sweepIntervalMs: env.ORDER_SWEEP_INTERVAL_MS,
      replayWaitMs: env.ORDER_REPLAY_WAIT_MS,
      weightBufferPercent: env.ORDER_WEIGHT_BUFFER_PERCENT,
      fault: env.ORDER_FAULT,
      maxInFlight: env.ORDER_MAX_IN_FLIGHT,
      maxOpenPerCustomer: env.ORDER_MAX_OPEN_PER_CUSTOMER,
      maxOpenUnitsPerProduct: env.ORDER_MAX_OPEN_UNITS_PER_PRODUCT,
    },
    fulfilment: {
      holdMs: env.SLOT_HOLD_MS,
      daysAhead: env.SLOT_DAYS_AHEAD,
      cutoffMinutes: env.SLOT_CUTOFF_MINUTES,
      sweepIntervalMs: env.SLOT_SWEEP_INTERVAL_MS,
    },
    mail: {
      transport: env.MAIL_TRANSPORT,
      from: env.MAIL_FROM,
      dir: join(dataDir, 'mail'),
      userPoolId: env.COGNITO_USER_POOL_ID,
    },
    analyticsExport: {
      bucket: env.EXPORT_BUCKET,
      localDir: join(dataDir, 'exports'),
      intervalMs: env.ANALYTICS_EXPORT_INTERVAL_MS,
    },
    archive: {
      bucket: env.ARCHIVE_BUCKET,
      localDir: join(dataDir, 'archive'),
      afterDays: env.ARCHIVE_AFTER_DAYS,
      intervalMs: env.ARCHIVE_INTERVAL_MS,
      batchSize: env.ARCHIVE_BATCH_SIZE,
      leaseMs: env.ARCHIVE_LEASE_MS,
      fault: env.ARCHIVE_FAULT,
    },
    shutdown: { drainMs: env.SHUTDOWN_DRAIN_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
    tracing: {
      mode: env.TRACING,
      endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      sampleRatio: env.TRACING_SAMPLE_RATIO,
      exportDelayMs: env.TRACING_EXPORT_DELAY_MS,
    },
    apiDocs: env.API_DOCS === undefined ? env.NODE_ENV !== 'production' : env.API_DOCS === 'on',
    rateLimit: {
      trustProxyHops: env.TRUST_PROXY_HOPS,
      windowMs: env.RATE_LIMIT_WINDOW_MS,
      max: env.RATE_LIMIT_MAX,
      ordersMax: env.RATE_LIMIT_ORDERS_MAX,
      searchMax: env.RATE_LIMIT_SEARCH_MAX,
    },
    transport: {
      host: env.TCP_HOST,
      port: env.TCP_PORT,
      advertiseHost: env.ADVERTISE_HOST,
      timeoutMs: env.RPC_TIMEOUT_MS,
      retries: env.RPC_RETRIES,
    },
    discovery:
      env.DISCOVERY === 'cloudmap'
        ? {
            mode: 'cloudmap',
            namespace: env.CLOUDMAP_NAMESPACE,
            register: env.CLOUDMAP_REGISTER,
            cacheTtlMs: env.CLOUDMAP_CACHE_TTL_MS,
          }
        : { mode: 'static', services: parseStaticServices(env.STATIC_SERVICES) },
    events: {
      transport: env.EVENTS_TRANSPORT,
      consumers: env.EVENT_CONSUMERS.split(',') as ServiceName[],
      topicArn: env.EVENTS_TOPIC_ARN,
      queueUrl: env.EVENTS_QUEUE_URL,
    },
    aws: { region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT },
  };
}
