import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '@gomart/contracts';
import { HealthRegistry } from '@gomart/health';
import { Metrics } from '@gomart/metrics';
import { CACHE_OPTIONS, type CacheOptions } from './cache-options';
import { foundEntry, isNegative, isNegativelyCacheable, withValidators, type CacheEntry, type FoundEntry } from './cache-entry';
import type { ReadThroughOptions } from './cache.tokens';
import { publicCacheControl } from './http-caching';
import { MemoryTier } from './memory-tier';
import { RedisTier, type InvalidationMessage } from './redis-tier';

export type { InvalidationMessage };

export type InvalidationListener = (message: InvalidationMessage | 'missed') => void;

/** Where a read was answered from; `source` means the handler ran (a miss). */
export type CacheSource = 'memory' | 'redis' | 'source';

export interface CacheRead {
  readonly entry: CacheEntry;
  readonly source: CacheSource;
}

export interface ReadOptions {
  readonly tags?: readonly string[];
  /** The caller already asked the shared tier (`fromShared`) and it had nothing. */
  readonly sharedChecked?: boolean;
  /** Memory tier only (see ReadThroughOptions.localOnly). */
  readonly localOnly?: boolean;
  /** Caps the entry's lifetime in every tier (see ReadThroughOptions.ttlMs). */
  readonly ttlMs?: number;
  /**
   * Only an entry read from the source within the memory tier's TTL will do: an older one
   * (kept in Redis, then copied here) is read again from the source, and replaced. For a
   * caller that keeps what it makes from the entry, so that the two lags do not add up.
   */
  readonly recent?: boolean;
}

export interface CacheStats {
  readonly memory: { readonly enabled: boolean; readonly hits: number; readonly entries: number };
  readonly redis: {
    readonly enabled: boolean;
    readonly hits: number;
    readonly errors: number;
    readonly circuit: 'closed' | 'open' | 'half-open' | 'disabled';
  };
  readonly misses: number;
  /** Reads of the source; less than `misses` when concurrent misses shared one read. */
  readonly sourceReads: number;
  readonly hitRatio: number;
}

/** The largest share of a TTL that is cut off at random, to spread expiries (see `ttl`). */
const TTL_JITTER = 0.2;

interface Flight {
  readonly promise: Promise<CacheRead>;
  readonly tags: readonly string[];
}

/**
 * The read-through cache behind `@ReadThrough()`: memory tier, then Redis tier, then the
 * source. Concurrent misses for one key share a single source read. Writes invalidate by key
 * or tag on every instance (Redis pub/sub). The cache never fails a request: when Redis is
 * slow or down, reads fall through to the source.
 */
@Injectable()
export class ReadThroughCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Cache');
  private readonly inflight = new Map<string, Flight>();
  /** Redis GETs in progress: concurrent readers of a key share one. */
  private readonly sharedReads = new Map<string, Promise<CacheEntry | undefined>>();
  private memory?: MemoryTier;
  private redis?: RedisTier;
  /** Bumped by every invalidation: a read that started before one must not store its result. */
  private epoch = 0;
  private counters = { memoryHits: 0, redisHits: 0, misses: 0, sourceReads: 0 };
  private readonly listeners: InvalidationListener[] = [];
  private readonly cacheControls = new WeakMap<ReadThroughOptions, string | undefined>();

  constructor(
    @Inject(CACHE_OPTIONS) private readonly options: CacheOptions,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    // Read when reported: a hit pays nothing for being counted twice.
    this.metrics.countFrom('CacheHits', 'memory', () => this.counters.memoryHits);
    this.metrics.countFrom('CacheHits', 'redis', () => this.counters.redisHits);
    this.metrics.countFrom('CacheMisses', undefined, () => this.counters.misses);
    this.metrics.gauge('CacheCircuitOpen', () => (this.redis?.circuit === 'open' ? 1 : 0));
    const cache = this.options;
    if (cache.memoryTtlMs > 0 && cache.memoryMaxEntries > 0) this.memory = new MemoryTier(cache.memoryMaxEntries);
    if (cache.redisUrl) {
      const redis = await RedisTier.connect({
        url: cache.redisUrl,
        password: cache.redisPassword,
        timeoutMs: cache.redisTimeoutMs,
        breakerResetMs: cache.breakerResetMs,
      });
      await redis.subscribe(
        (message) => {
          this.dropLocal(message);
          for (const listener of this.listeners) listener(message);
        },
        () => {
          this.dropAllLocal();
          for (const listener of this.listeners) listener('missed');
        },
      );
      this.redis = redis;
      this.health.register({ name: 'redis', probe: () => redis.ping(), required: cache.readyRequiresRedis, timeoutMs: 500 });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }

  /**
   * The memory tier alone, synchronously: what a hit costs must stay close to nothing, so the
   * interceptor asks here first and only goes through `read` (promises, Redis, source) on a miss.
   */
  peek(key: string): CacheEntry | undefined {
    const remembered = this.memory?.get(key);
    if (remembered) this.counters.memoryHits += 1;
    return remembered;
  }

  /**
   * Like `peek`, for a caller that can only send a found body: a remembered not-found is only
   * reported (`'not-found'`), and left for `peek` to count and answer.
   */
  peekFound(key: string): FoundEntry | 'not-found' | undefined {
    const remembered = this.memory?.get(key);
    if (!remembered) return undefined;
    if (isNegative(remembered)) return 'not-found';
    this.counters.memoryHits += 1;
    return remembered;
  }

  /**
   * The `Cache-Control` of a route's found answers, worked out once per route: undefined for a
   * route that is not public (it keeps the default `private, no-store`).
   */
  cacheControlFor(route: ReadThroughOptions): string | undefined {
    if (this.cacheControls.has(route)) return this.cacheControls.get(route);
    const value = route.public ? publicCacheControl(this.options.http, route.ttlMs) : undefined;
    this.cacheControls.set(route, value);
    return value;
  }

  get hasSharedTier(): boolean {
    return this.redis !== undefined;
  }

  /**
   * The shared tier alone: one Redis GET per key at a time, whatever the number of callers. A
   * hit is counted and copied to the memory tier; a miss is left for `read` to count.
   */
  async fromShared(key: string): Promise<CacheEntry | undefined> {
    if (!this.redis) return undefined;
    const epoch = this.epoch;
    const stored = await this.sharedGet(this.redis, key);
    if (!stored) return undefined;
    const shared = withValidators(stored);
    this.counters.redisHits += 1;
    if (epoch === this.epoch) this.memory?.set(key, shared, this.ttl(shared, 'memory'));
    return shared;
  }

  /** Answers from a cache tier, or runs `load` once for all concurrent callers of this key. */
  async read(key: string, load: () => Promise<unknown>, options: ReadOptions = {}): Promise<CacheRead> {
    const usable = (entry: CacheEntry) => !options.recent || this.isRecent(entry);
    const remembered = this.memory?.get(key);
    if (remembered && usable(remembered)) {
      this.counters.memoryHits += 1;
      return { entry: remembered, source: 'memory' };
    }
    const running = this.inflight.get(key);
    if (running) {
      const shared = await running.promise;
      if (usable(shared.entry)) return shared;
    }

    const tags = options.tags ?? [];
    // With no memory tier nothing in Redis is recent enough.
    const promise = this.fill(key, tags, load, { ...options, sharedChecked: options.sharedChecked || (options.recent && !this.memory) }, usable);
    const flight = { promise, tags };
    this.inflight.set(key, flight);
    try {
      return await promise;
    } finally {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    }
  }

  /**
   * Hears every invalidation: this instance's, and those arriving from the shared tier (other
   * instances' writes, and this one's own, echoed), or `'missed'` when messages may have been
   * lost (a reconnect): for state other than cache entries that must follow the same writes,
   * such as a search index.
   */
  onInvalidation(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }

  /**
   * Drops keys and tagged entries from this instance's memory only: for a listener that
   * updated what entries are made from (a search index) after the invalidation it heard, so
   * that no entry filled in between outlives it.
   */
  forgetLocally(message: Partial<InvalidationMessage>): void {
    this.dropLocal({ keys: message.keys ?? [], tags: message.tags ?? [] });
  }

  /** Drops keys and tagged entries everywhere: this instance, Redis, and (via pub/sub) every other instance. */
  async invalidate(message: Partial<InvalidationMessage>): Promise<void> {
    const complete = { keys: message.keys ?? [], tags: message.tags ?? [] };
    this.dropLocal(complete);
    for (const listener of this.listeners) listener(complete);
    if (this.redis && !(await this.redis.invalidate(complete))) {
      this.logger.warn(`Invalidation not delivered through Redis; other instances expire it by TTL`);
    }
  }

  stats(): CacheStats {
    const { memoryHits, redisHits, misses, sourceReads } = this.counters;
    const reads = memoryHits + redisHits + misses;
    return {
      memory: { enabled: Boolean(this.memory), hits: memoryHits, entries: this.memory?.size ?? 0 },
      redis: {
        enabled: Boolean(this.redis),
        hits: redisHits,
        errors: this.redis?.errors ?? 0,
        circuit: this.redis?.circuit ?? 'disabled',
      },
      misses,
      sourceReads,
      hitRatio: reads === 0 ? 0 : (memoryHits + redisHits) / reads,
    };
  }

  private async fill(
    key: string,
    tags: readonly string[],
    load: () => Promise<unknown>,
    options: ReadOptions,
    usable: (entry: CacheEntry) => boolean,
  ): Promise<CacheRead> {
    const epoch = this.epoch;
    const shared = options.sharedChecked || options.localOnly ? undefined : await this.fromShared(key);
    if (shared && usable(shared)) return { entry: shared, source: 'redis' };
    this.counters.misses += 1;
    this.counters.sourceReads += 1;
    const entry = await toEntry(load, tags);
    if (epoch === this.epoch) {
      this.memory?.set(key, entry, this.ttl(entry, 'memory', options.ttlMs));
      // Not awaited: the response need not wait for the shared tier.
      if (!options.localOnly) void this.redis?.set(key, entry, this.ttl(entry, 'redis', options.ttlMs));
    }
    return { entry, source: 'source' };
  }

  /** Read from the source within the memory tier's TTL (a remembered not-found always is: it lives shorter). */
  private isRecent(entry: CacheEntry): boolean {
    return isNegative(entry) || Date.now() - entry.storedAt <= this.options.memoryTtlMs;
  }

  private sharedGet(redis: RedisTier, key: string): Promise<CacheEntry | undefined> {
    const running = this.sharedReads.get(key);
    if (running) return running;
    const read = redis.get(key).finally(() => {
      if (this.sharedReads.get(key) === read) this.sharedReads.delete(key);
    });
    this.sharedReads.set(key, read);
    return read;
  }

  /**
   * An entry's lifetime in a tier: the configured TTL shortened by up to a fifth at random.
   * Keys filled together (a warm-up, a burst of traffic) would otherwise expire together for
   * as long as they stay hot, and every TTL send one burst of reads to the source. Only ever
   * shorter than configured, so the documented staleness bound still holds. A route's own
   * `ttlMs` only ever shortens it further.
   */
  private ttl(entry: CacheEntry, tier: 'memory' | 'redis', routeTtlMs = Infinity): number {
    const { memoryTtlMs, redisTtlMs, negativeTtlMs } = this.options;
    const positive = Math.min(tier === 'memory' ? memoryTtlMs : redisTtlMs, routeTtlMs);
    const configured = isNegative(entry) ? Math.min(positive, negativeTtlMs) : positive;
    return Math.round(configured * (1 - TTL_JITTER * Math.random()));
  }

  private dropLocal({ keys, tags }: InvalidationMessage): void {
    this.epoch += 1;
    // A Redis GET in flight may return what was just deleted: later readers must not join it.
    this.sharedReads.clear();
    const tagSet = new Set(tags);
    for (const key of keys) this.inflight.delete(key);
    for (const [key, flight] of this.inflight) {
      if (flight.tags.some((tag) => tagSet.has(tag))) this.inflight.delete(key);
    }
    this.memory?.delete(keys);
    this.memory?.deleteTagged(tagSet);
  }

  private dropAllLocal(): void {
    this.epoch += 1;
    this.sharedReads.clear();
    this.inflight.clear();
    this.memory?.clear();
  }
}

/** Runs the handler; a not-found becomes a (briefly) cacheable entry, other errors propagate. */
async function toEntry(load: () => Promise<unknown>, tags: readonly string[]): Promise<CacheEntry> {
  try {
    return foundEntry(JSON.stringify(await load()), tags);
  } catch (error) {
    if (error instanceof DomainError && isNegativelyCacheable(error.toBody())) return { error: error.toBody(), tags };
    throw error;
  }
}
