import { LOCAL_PORTS, SERVICES } from '@gomart/contracts';
import { z } from 'zod';
import { parseStaticServices } from './static-services';

const bool = z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'] });
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const milliseconds = (max = 600_000) => int(0, max);

/**
 * The environment, as the process accepts it. Every variable has a local default so that
 * `npm run start:dev` works on a fresh clone; each is documented in the README.
 */
export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: int(0, 65_535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    /** Unset: `all` in development (a developer sees each request), `notable` otherwise. */
    LOG_REQUESTS: z.enum(['all', 'notable']).optional(),
    /** Unset: on except in production (the ALB routes no `/metrics`; CloudWatch gets EMF instead). */
    METRICS_ENDPOINT: bool.optional(),
    /** Unset: 60 s in production (EMF lines on stdout), off otherwise. */
    METRICS_EMF_INTERVAL_MS: milliseconds(3_600_000).optional(),

    AWS_REGION: z.string().min(1).default('ap-southeast-2'),
    AWS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    DATA_IN_MEMORY: bool.default(false),
    DYNAMODB_ENDPOINT: z
      .union([z.literal('embedded'), z.literal('aws'), z.url({ protocol: /^https?$/ })])
      .default('embedded'),
    DYNAMODB_TABLE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{0,200}$/, 'letters, digits, "_", "-" and "." only')
      .default('gomart-'),
    DYNAMODB_CREATE_TABLES: bool.default(true),
    DYNAMODB_EMBEDDED_PATH: z.string().min(1).optional(),
    DYNAMODB_TIMEOUT_MS: milliseconds(60_000).default(3000),
    SEED_DEMO_CATALOG: bool.default(true),
    SEED_PRODUCT_COUNT: int(0, 200_000).default(2000),

    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    REDIS_PASSWORD: z.string().min(1).optional(),
    CACHE_MEMORY_TTL_MS: milliseconds().default(5000),
    CACHE_MEMORY_MAX_ENTRIES: int(0, 10_000_000).default(20_000),
    CACHE_REDIS_TTL_MS: milliseconds(86_400_000).default(30_000),
    CACHE_NEGATIVE_TTL_MS: milliseconds().default(2000),
    CACHE_REDIS_TIMEOUT_MS: int(1, 10_000).default(50),
    CACHE_BREAKER_RESET_MS: int(100, 600_000).default(5000),
    /** HTTP caches (browser, CloudFront) of public catalog reads; with `Age`, their sum bounds an edge copy's age. */
    CACHE_HTTP_MAX_AGE_S: int(0, 3600).default(10),
    CACHE_HTTP_STALE_S: int(0, 3600).default(20),
    READY_REQUIRES_REDIS: bool.default(false),

    AUTH_MODE: z.enum(['local', 'cognito']).default('local'),
    COGNITO_USER_POOL_ID: z.string().optional(),
    COGNITO_CLIENT_ID: z.string().optional(),
    /** The user pool's hosted UI (https://<prefix>.auth.<region>.amazoncognito.com or a custom domain): where the storefront signs in. */
    COGNITO_DOMAIN: z.url({ protocol: /^https$/ }).optional(),

    TCP_HOST: z.string().min(1).default('0.0.0.0'),
    TCP_PORT: int(1, 65_535).default(4000),
    ADVERTISE_HOST: z.string().min(1).default('127.0.0.1'),
    DISCOVERY: z.enum(['static', 'cloudmap']).default('static'),
    STATIC_SERVICES: z
      .string()
      .regex(/^([a-z-]+=[^=;,\s]+:\d+(,[^=;,\s]+:\d+)*)(;[a-z-]+=[^=;,\s]+:\d+(,[^=;,\s]+:\d+)*)*$/, 'service=host:port[,host:port][;service=...]')
      .superRefine((spec, context) => {
        try {
          parseStaticServices(spec);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .default(SERVICES.map((service) => `${service}=127.0.0.1:${LOCAL_PORTS[service].tcp}`).join(';')),
    CLOUDMAP_NAMESPACE: z.string().min(1).default('gomart.local'),
    CLOUDMAP_REGISTER: bool.default(false),
    CLOUDMAP_CACHE_TTL_MS: int(0, 600_000).default(10_000),
    RPC_TIMEOUT_MS: int(10, 60_000).default(1500),
    RPC_RETRIES: int(0, 10).default(2),
    EVENTS_TRANSPORT: z.enum(['tcp', 'sns']).default('tcp'),
    EVENT_CONSUMERS: z
      .string()
      .regex(/^[a-z-]+(,[a-z-]+)*$/, 'comma-separated service names')
      .refine((names) => names.split(',').every((name) => (SERVICES as readonly string[]).includes(name)), 'known service names')
      .default('catalog,notifications,analytics-export'),
    EVENTS_TOPIC_ARN: z.string().startsWith('arn:').optional(),
    EVENTS_QUEUE_URL: z.url().optional(),

    MAIL_TRANSPORT: z.enum(['outbox', 'ses']).default('outbox'),
    MAIL_FROM: z.string().min(3).max(320).default('Go Mart <orders@gomart.example>'),
    EXPORT_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name').optional(),
    ANALYTICS_EXPORT_INTERVAL_MS: milliseconds(86_400_000).default(900_000),

    /** Archival of decided orders (orders service): S3 bucket (DATA_DIR/archive when unset), age, schedule, batch, lease. */
    ARCHIVE_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name').optional(),
    ARCHIVE_AFTER_DAYS: int(1, 3650).default(90),
    ARCHIVE_INTERVAL_MS: milliseconds(7 * 86_400_000).default(3_600_000),
    ARCHIVE_BATCH_SIZE: int(10, 20_000).default(1000),
    ARCHIVE_LEASE_MS: int(500, 3_600_000).default(120_000),
    /** Test only: kill the archiver at a step of a batch, to test resumption. */
    ARCHIVE_FAULT: z.enum(['crash-after-journal', 'crash-after-object', 'crash-after-index', 'crash-mid-deletes']).optional(),

    ORDER_MAX_LINES: int(1, 500).default(50),
    ORDER_MAX_QUANTITY: int(1, 10_000).default(20),
    ORDER_LEASE_MS: int(100, 600_000).default(30_000),
    ORDER_SWEEP_INTERVAL_MS: milliseconds().default(5000),
    ORDER_REPLAY_WAIT_MS: milliseconds(60_000).default(3000),
    /** Test only: kill the process at a point of order placement, to test crash recovery. */
    ORDER_FAULT: z.enum(['crash-after-reserving:1', 'crash-after-reserving:2', 'crash-after-booking', 'crash-before-publish']).optional(),

    ORDER_WEIGHT_BUFFER_PERCENT: int(0, 100).default(10),

    SLOT_HOLD_MS: int(10_000, 3_600_000).default(600_000),
    SLOT_DAYS_AHEAD: int(1, 28).default(7),
    SLOT_CUTOFF_MINUTES: int(0, 2880).default(120),
    SLOT_SWEEP_INTERVAL_MS: milliseconds().default(30_000),

    /** Unset: on in development and test, off in production (the API surface is not advertised). */
    API_DOCS: z.enum(['on', 'off']).optional(),
    /** Proxies in front of the app whose X-Forwarded-For is believed (CloudFront and the ALB: 2). */
    TRUST_PROXY_HOPS: int(0, 10).default(0),
    /** Requests per client (customer, else IP) per window; `0` switches a limit off. */
    RATE_LIMIT_WINDOW_MS: int(1000, 3_600_000).default(60_000),
    RATE_LIMIT_MAX: int(0, 10_000_000).default(20_000),
    RATE_LIMIT_ORDERS_MAX: int(0, 10_000_000).default(2_000),
    RATE_LIMIT_SEARCH_MAX: int(0, 10_000_000).default(6_000),
    /** Order placements one instance works on at once; the rest are answered 503 at once (`0`: no bound). */
    ORDER_MAX_IN_FLIGHT: int(0, 100_000).default(64),
    /** Business-flow limits (OWASP API6): what one customer may hold in open orders; `0` switches one off. */
    ORDER_MAX_OPEN_PER_CUSTOMER: int(0, 10_000).default(10),
    ORDER_MAX_OPEN_UNITS_PER_PRODUCT: int(0, 1_000_000).default(40),

    /** Traces: `off` makes no span at all; `otlp` sends them to OTEL_EXPORTER_OTLP_ENDPOINT (the ADOT collector in AWS). */
    TRACING: z.enum(['off', 'otlp', 'console']).default('off'),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).default('http://localhost:4318'),
    TRACING_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
    TRACING_EXPORT_DELAY_MS: int(10, 60_000).default(5000),

    SHUTDOWN_DRAIN_MS: milliseconds().default(0),
    SHUTDOWN_TIMEOUT_MS: milliseconds().default(10_000),
  });

/**
 * Rules that span variables. Checked on the raw values, so they are reported together with
 * the per-variable problems rather than only once those are fixed.
 */
export function crossVariableProblems(env: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  if (env.AUTH_MODE === 'cognito') {
    for (const name of ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID']) {
      if (!env[name]) problems.push(`${name}: required when AUTH_MODE=cognito`);
    }
  }
  if (env.MAIL_TRANSPORT === 'ses' && !env.COGNITO_USER_POOL_ID) {
    problems.push('COGNITO_USER_POOL_ID: required when MAIL_TRANSPORT=ses (customer addresses come from Cognito)');
  }
  if (env.ORDER_FAULT && env.NODE_ENV !== 'test') problems.push('ORDER_FAULT: only allowed when NODE_ENV=test');
  if (env.ARCHIVE_FAULT && env.NODE_ENV !== 'test') problems.push('ARCHIVE_FAULT: only allowed when NODE_ENV=test');
  return problems;
}

export type Environment = z.infer<typeof environmentSchema>;
