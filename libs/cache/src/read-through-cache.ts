import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { DomainError } from '@gomart/contracts';
import { HealthRegistry } from '@gomart/health';
import { caching, type MemoryCache } from 'cache-manager';
import { hasAnyTag, isNegative, isNegativelyCacheable, type CacheEntry } from './cache-entry';
import { RedisTier, type InvalidationMessage } from './redis-tier';

/** Where a read was answered from; `source` means the handler ran (a miss). */
export type CacheSource = 'memory' | 'redis' | 'source';

export interface CacheRead {
  readonly entry: CacheEntry;
  readonly source: CacheSource;
}

export interface ReadOptions {
  readonly tags?: readonly string[];
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
  private memory?: MemoryCache;
  private redis?: RedisTier;
  /** Bumped by every invalidation: a read that started before one must not store its result. */
  private epoch = 0;
  private counters = { memoryHits: 0, redisHits: 0, misses: 0, sourceReads: 0 };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const { cache } = this.config;
    if (cache.memoryTtlMs > 0 && cache.memoryMaxEntries > 0) {
      this.memory = await caching('memory', {
        max: cache.memoryMaxEntries,
        ttl: cache.memoryTtlMs,
        shouldCloneBeforeSet: false,
        ttlAutopurge: false,
      });
    }
    if (cache.redisUrl) {
      const redis = await RedisTier.connect({
        url: cache.redisUrl,
        timeoutMs: cache.redisTimeoutMs,
        breakerResetMs: cache.breakerResetMs,
      });
      await redis.subscribe(
        (message) => this.dropLocal(message),
        () => this.dropAllLocal(),
      );
      this.redis = redis;
      this.health.register({ name: 'redis', probe: () => redis.ping(), required: false, timeoutMs: 500 });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }

  /** Answers from a cache tier, or runs `load` once for all concurrent callers of this key. */
  async read(key: string, load: () => Promise<unknown>, options: ReadOptions = {}): Promise<CacheRead> {
    const remembered = await this.memory?.get<CacheEntry>(key);
    if (remembered) {
      this.counters.memoryHits += 1;
      return { entry: remembered, source: 'memory' };
    }
    const running = this.inflight.get(key);
    if (running) return running.promise;

    const tags = options.tags ?? [];
    const promise = this.fill(key, tags, load);
    const flight = { promise, tags };
    this.inflight.set(key, flight);
    try {
      return await promise;
    } finally {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    }
  }

  /** Drops keys and tagged entries everywhere: this instance, Redis, and (via pub/sub) every other instance. */
  async invalidate(message: Partial<InvalidationMessage>): Promise<void> {
    const complete = { keys: message.keys ?? [], tags: message.tags ?? [] };
    this.dropLocal(complete);
    if (this.redis && !(await this.redis.invalidate(complete))) {
      this.logger.warn(`Invalidation not delivered through Redis; other instances expire it by TTL`);
    }
  }

  stats(): CacheStats {
    const { memoryHits, redisHits, misses, sourceReads } = this.counters;
    const reads = memoryHits + redisHits + misses;
    return {
      memory: { enabled: Boolean(this.memory), hits: memoryHits, entries: this.memory?.store.size ?? 0 },
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

  private async fill(key: string, tags: readonly string[], load: () => Promise<unknown>): Promise<CacheRead> {
    const epoch = this.epoch;
    const shared = await this.redis?.get(key);
    if (shared) {
      this.counters.redisHits += 1;
      if (epoch === this.epoch) await this.memory?.set(key, shared, this.ttl(shared, 'memory'));
      return { entry: shared, source: 'redis' };
    }
    this.counters.misses += 1;
    this.counters.sourceReads += 1;
    const entry = await toEntry(load, tags);
    if (epoch === this.epoch) {
      await this.memory?.set(key, entry, this.ttl(entry, 'memory'));
      // Not awaited: the response need not wait for the shared tier.
      void this.redis?.set(key, entry, this.ttl(entry, 'redis'));
    }
    return { entry, source: 'source' };
  }

  private ttl(entry: CacheEntry, tier: 'memory' | 'redis'): number {
    const { memoryTtlMs, redisTtlMs, negativeTtlMs } = this.config.cache;
    const positive = tier === 'memory' ? memoryTtlMs : redisTtlMs;
    return isNegative(entry) ? Math.min(positive, negativeTtlMs) : positive;
  }

  private dropLocal({ keys, tags }: InvalidationMessage): void {
    this.epoch += 1;
    const tagSet = new Set(tags);
    for (const key of keys) this.inflight.delete(key);
    for (const [key, flight] of this.inflight) {
      if (flight.tags.some((tag) => tagSet.has(tag))) this.inflight.delete(key);
    }
    const store = this.memory?.store;
    if (!store) return;
    void store.mdel(...keys);
    if (tagSet.size === 0) return;
    void store.keys().then(async (all) => {
      const entries = (await store.mget(...all)) as (CacheEntry | undefined)[];
      const doomed = all.filter((_, index) => {
        const entry = entries[index];
        return entry !== undefined && hasAnyTag(entry, tagSet);
      });
      await store.mdel(...doomed);
    });
  }

  private dropAllLocal(): void {
    this.epoch += 1;
    this.inflight.clear();
    void this.memory?.reset();
  }
}

/** Runs the handler; a not-found becomes a (briefly) cacheable entry, other errors propagate. */
async function toEntry(load: () => Promise<unknown>, tags: readonly string[]): Promise<CacheEntry> {
  try {
    return { json: JSON.stringify(await load()), tags };
  } catch (error) {
    if (error instanceof DomainError && isNegativelyCacheable(error.toBody())) return { error: error.toBody(), tags };
    throw error;
  }
}
