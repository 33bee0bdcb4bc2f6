import { Logger } from '@nestjs/common';
import { caching, type Cache } from 'cache-manager';
import { redisInsStore, type RedisStore } from 'cache-manager-ioredis-yet';
import Redis from 'ioredis';
import CircuitBreaker from 'opossum';
import { inSpan, SpanKind } from '@gomart/tracing';
import type { CacheEntry } from './cache-entry';

export interface RedisTierOptions {
  readonly url: string;
  /** AUTH token when it is not in the URL (ElastiCache's comes from Secrets Manager). */
  readonly password?: string;
  readonly timeoutMs: number;
  readonly breakerResetMs: number;
}

export interface InvalidationMessage {
  readonly keys: readonly string[];
  readonly tags: readonly string[];
}

const KEY_PREFIX = 'gomart:cache:';
const INVALIDATION_CHANNEL = 'gomart:cache:invalidate';
const tagSetKey = (tag: string) => `tag:${tag}`;

/**
 * The shared tier: Redis through cache-manager + cache-manager-ioredis-yet. Best effort by
 * construction: every call has a deadline of a few milliseconds and goes through a circuit
 * breaker, so a slow or dead Redis costs a read nothing but a trip to the source. Failures
 * surface as `undefined` / `false`, never as exceptions.
 */
export class RedisTier {
  private readonly logger = new Logger('Cache');
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private lastErrorLog = 0;
  errors = 0;

  private constructor(
    private readonly cache: Cache<RedisStore>,
    private readonly subscriber: Redis,
    options: RedisTierOptions,
  ) {
    this.breaker = new CircuitBreaker((operation: () => Promise<unknown>) => operation(), {
      timeout: options.timeoutMs,
      resetTimeout: options.breakerResetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: 5,
      rollingCountTimeout: 10_000,
    });
    this.breaker.on('open', () => this.logger.warn('Redis circuit opened: reads go to the source'));
    this.breaker.on('close', () => this.logger.log('Redis circuit closed: Redis tier back in use'));
  }

  static async connect(options: RedisTierOptions): Promise<RedisTier> {
    const client = new Redis(options.url, {
      password: options.password,
      keyPrefix: KEY_PREFIX,
      // Fail fast while disconnected instead of queueing requests behind a reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    });
    // Subscriptions must survive reconnects: this connection queues and resubscribes.
    const subscriber = new Redis(options.url, {
      password: options.password,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    });
    const cache = await caching(redisInsStore(client));
    const tier = new RedisTier(cache, subscriber, options);
    client.on('error', (error: Error) => tier.logError('connection', error));
    subscriber.on('error', (error: Error) => tier.logError('subscriber', error));
    return tier;
  }

  get client(): Redis {
    return this.cache.store.client as Redis;
  }

  get circuit(): 'closed' | 'open' | 'half-open' {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.attempt('get', () => inSpan('redis GET', GET_SPAN, () => this.cache.get<CacheEntry>(key)));
  }

  /** Stores the entry and records it under each of its tags, so a tag can be invalidated. */
  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    await this.attempt('set', () =>
      inSpan('redis SET', SET_SPAN, async () => {
        const pipeline = this.client.pipeline();
        for (const tag of entry.tags) pipeline.sadd(tagSetKey(tag), key).pexpire(tagSetKey(tag), ttlMs * 2);
        await Promise.all([this.cache.set(key, entry, ttlMs), pipeline.exec()]);
      }),
    );
  }

  /** Deletes keys and everything tagged, then tells every instance to drop its memory copy. */
  async invalidate(message: InvalidationMessage): Promise<boolean> {
    const done = await this.attempt('invalidate', async () => {
      const tagged = await Promise.all(message.tags.map((tag) => this.client.smembers(tagSetKey(tag))));
      const doomed = [...message.keys, ...tagged.flat(), ...message.tags.map(tagSetKey)];
      if (doomed.length) await this.client.del(...doomed);
      await this.client.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
      return true;
    });
    return done === true;
  }

  /**
   * Delivers invalidations published by any instance. `onGap` runs when the subscription
   * (re)connects: messages may have been missed meanwhile, so the memory tier must be dropped.
   */
  async subscribe(onMessage: (message: InvalidationMessage) => void, onGap: () => void): Promise<void> {
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== INVALIDATION_CHANNEL) return;
      const message = parseInvalidation(raw);
      if (message) onMessage(message);
    });
    this.subscriber.on('ready', onGap);
    try {
      await this.subscriber.subscribe(INVALIDATION_CHANNEL);
    } catch (error) {
      this.logError('subscribe', error);
    }
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    this.breaker.shutdown();
    this.subscriber.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private async attempt<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return (await this.breaker.fire(run)) as T;
    } catch (error) {
      this.errors += 1;
      this.logError(operation, error);
      return undefined;
    }
  }

  /** At most one line per second: a dead Redis must not flood the logs at peak. */
  private logError(operation: string, error: unknown): void {
    const now = Date.now();
    if (now - this.lastErrorLog < 1000) return;
    this.lastErrorLog = now;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`Redis ${operation} failed (${reason}); serving from the source`);
  }
}

/** A client span per cache call, made only when tracing (the memory tier, the hot path, makes none). */
const redisSpan = (operation: string) => ({ kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis', 'db.operation.name': operation } });
const GET_SPAN = redisSpan('GET');
const SET_SPAN = redisSpan('SET');

function parseInvalidation(raw: string): InvalidationMessage | undefined {
  try {
    const value = JSON.parse(raw) as Partial<InvalidationMessage>;
    const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x) => typeof x === 'string') : []);
    return { keys: strings(value.keys), tags: strings(value.tags) };
  } catch {
    return undefined;
  }
}
