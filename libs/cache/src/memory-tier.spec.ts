import type { CacheEntry } from './cache-entry';
import { MemoryTier } from './memory-tier';

const entry = (json: string, tags: string[] = []): CacheEntry => ({ json, tags });

describe('MemoryTier', () => {
  it('answers until the entry expires', () => {
    const tier = new MemoryTier(10);
    tier.set('a', entry('1'), 1000, 0);
    expect(tier.get('a', 999)).toEqual(entry('1'));
    expect(tier.get('a', 1000)).toBeUndefined();
    expect(tier.size).toBe(0);
  });

  it('evicts the least recently used entry when full', () => {
    const tier = new MemoryTier(2);
    tier.set('a', entry('1'), 5000, 0);
    tier.set('b', entry('2'), 5000, 0);
    tier.get('a', 1500);
    tier.set('c', entry('3'), 5000, 1500);
    expect(tier.get('a', 1600)).toBeDefined();
    expect(tier.get('b', 1600)).toBeUndefined();
    expect(tier.get('c', 1600)).toBeDefined();
  });

  it('drops keys, tagged entries, or everything', () => {
    const tier = new MemoryTier(10);
    tier.set('product', entry('1'), 1000, 0);
    tier.set('page-1', entry('[]', ['listings']), 1000, 0);
    tier.set('page-2', entry('[]', ['listings']), 1000, 0);
    tier.set('other', entry('2'), 1000, 0);
    tier.deleteTagged(new Set(['listings']));
    tier.delete(['product']);
    expect(tier.size).toBe(1);
    expect(tier.get('other', 1)).toBeDefined();
    tier.clear();
    expect(tier.size).toBe(0);
  });

  it('does not store what would expire at once', () => {
    const tier = new MemoryTier(10);
    tier.set('a', entry('1'), 0, 0);
    expect(tier.size).toBe(0);
  });
});
