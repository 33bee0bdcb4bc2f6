import { hasAnyTag, type CacheEntry } from './cache-entry';

interface Slot {
  readonly entry: CacheEntry;
  readonly expiresAt: number;
  /** When the slot last moved to the recent end. */
  touchedAt: number;
}

/**
 * A hit moves its slot to the recent end at most this often. Moving on every hit costs a Map
 * delete and insert per request, for an order that only matters when the tier is full; within
 * a second, recency is not worth distinguishing.
 */
const TOUCH_INTERVAL_MS = 1000;

/**
 * The in-process tier: at most `maxEntries` entries, least recently used evicted first, each
 * with its own expiry. Synchronous on purpose: a hit is the hottest path of the shop, and
 * answering it without a promise keeps its cost close to that of a route with no cache at all.
 */
export class MemoryTier {
  /** A Map iterates in insertion order; re-inserting on hits keeps it in (nearly) LRU order. */
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.slots.size;
  }

  get(key: string, now = Date.now()): CacheEntry | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= now) {
      this.slots.delete(key);
      return undefined;
    }
    if (now - slot.touchedAt >= TOUCH_INTERVAL_MS) {
      slot.touchedAt = now;
      this.slots.delete(key);
      this.slots.set(key, slot);
    }
    return slot.entry;
  }

  set(key: string, entry: CacheEntry, ttlMs: number, now = Date.now()): void {
    if (ttlMs <= 0) return;
    this.slots.delete(key);
    this.slots.set(key, { entry, expiresAt: now + ttlMs, touchedAt: now });
    if (this.slots.size > this.maxEntries) this.evictOldest();
  }

  delete(keys: Iterable<string>): void {
    for (const key of keys) this.slots.delete(key);
  }

  /** Drops every entry carrying one of `tags`; deleting while iterating a Map is safe. */
  deleteTagged(tags: ReadonlySet<string>): void {
    if (tags.size === 0) return;
    for (const [key, { entry }] of this.slots) if (hasAnyTag(entry, tags)) this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
  }

  private evictOldest(): void {
    const oldest = this.slots.keys().next();
    if (!oldest.done) this.slots.delete(oldest.value);
  }
}
