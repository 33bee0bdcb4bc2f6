import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TOKEN_VERIFIER, type TokenVerifier } from '@gomart/auth';
import type { AppConfig } from '@gomart/config';
import { DomainError, ErrorCode } from '@gomart/contracts';
import { Metrics } from '@gomart/metrics';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Redis from 'ioredis';

/**
 * Which limit a request counts against. Placing an order and an uncached full-text search are
 * the expensive requests a single client can repeat cheaply, so each has its own, tighter
 * bucket; everything else shares the general one.
 */
export type RateBucket = 'orders' | 'search' | 'general';

export function bucketOf(request: Pick<FastifyRequest, 'method' | 'url'>): RateBucket {
  const [path = '', query = ''] = request.url.split('?', 2);
  if (request.method === 'POST' && (path === '/orders' || path === '/orders/')) return 'orders';
  if (request.method === 'GET' && path === '/catalog/products' && /(^|&)q=[^&]/.test(query)) return 'search';
  return 'general';
}

function maxOf(config: AppConfig['rateLimit'], bucket: RateBucket): number {
  return bucket === 'orders' ? config.ordersMax : bucket === 'search' ? config.searchMax : config.max;
}

/**
 * Fastify's `trustProxy`: which addresses in front of the app tell the truth in
 * X-Forwarded-For. The first hop is the load balancer, reached from inside the VPC (a private
 * address; loopback locally); the rest are trusted by count (CloudFront's edge addresses are
 * public). Fastify refuses a bare hop count, since a client that reaches the app directly could
 * then claim any address: here such a client is not behind a private peer, so it is not trusted.
 */
export function trustedProxies(hops: number): (address: string, hop: number) => boolean {
  return (address, hop) => hop < hops && (hop > 0 || isPrivateAddress(address));
}

const PRIVATE_V4 = /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return PRIVATE_V4.test(v4) || address === '::1' || /^f[cd][0-9a-f]{2}:/i.test(address);
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Who is asking: the customer when the bearer token verifies (one customer behind many IPs,
 * or many customers behind one office NAT, each get their own allowance), else the client IP
 * (as seen through TRUST_PROXY_HOPS proxies). A token that does not verify counts against its
 * IP, so forged tokens cannot mint fresh buckets.
 */
async function clientOf(request: FastifyRequest, verifier: TokenVerifier | undefined): Promise<string> {
  const token = verifier && request.headers.authorization ? BEARER.exec(request.headers.authorization)?.[1] : undefined;
  if (token && verifier) {
    try {
      return `customer:${(await verifier.verify(token)).sub}`;
    } catch {
      // Counted by IP below.
    }
  }
  return `ip:${request.ip}`;
}

/**
 * Per-client request limits on every route of the app: 429 RATE_LIMITED with Retry-After in
 * the one error shape. Counted in Redis when REDIS_URL is set (every instance shares the
 * count), in memory otherwise; a Redis outage lets requests through rather than failing them.
 * Registered before the app's routes, since the plugin attaches itself as routes are added.
 */
export async function registerRateLimits(app: NestFastifyApplication, fastify: FastifyInstance, config: AppConfig): Promise<void> {
  const limits = config.rateLimit;
  if (limits.max === 0 && limits.ordersMax === 0 && limits.searchMax === 0) return;
  const verifier = tokenVerifierOf(app);
  const metrics = metricsOf(app);
  const redis = config.cache.redisUrl ? connectRedis(config) : undefined;
  if (redis) fastify.addHook('onClose', async () => void redis.disconnect());
  await fastify.register(rateLimit, {
    global: true,
    timeWindow: limits.windowMs,
    max: (request) => maxOf(limits, bucketOf(request)),
    allowList: (request) => maxOf(limits, bucketOf(request)) === 0,
    keyGenerator: async (request) => `${bucketOf(request)}:${await clientOf(request, verifier)}`,
    ...(redis ? { redis, nameSpace: 'gomart-rate:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) => {
      // Built once per refused request: the count the RateLimited alarm and dashboard read.
      metrics?.count('RateLimited');
      return new DomainError(ErrorCode.RATE_LIMITED, 'Too many requests; slow down and retry later.', undefined, Math.max(1, Math.ceil(context.ttl / 1000)));
    },
  });
}

function tokenVerifierOf(app: NestFastifyApplication): TokenVerifier | undefined {
  try {
    return app.get<TokenVerifier>(TOKEN_VERIFIER, { strict: false });
  } catch {
    return undefined;
  }
}

function metricsOf(app: NestFastifyApplication): Metrics | undefined {
  try {
    return app.get(Metrics, { strict: false });
  } catch {
    return undefined;
  }
}

function connectRedis(config: AppConfig): Redis {
  const redis = new Redis(config.cache.redisUrl ?? '', {
    password: config.cache.redisPassword,
    // Fail fast while disconnected: a request must not wait on a reconnect to be counted.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: Math.max(200, config.cache.redisTimeoutMs),
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
  redis.on('error', () => undefined);
  return redis;
}
