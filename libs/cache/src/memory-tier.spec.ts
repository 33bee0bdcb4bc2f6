import fc from 'fast-check';
import { foundEntry, type CacheEntry } from './cache-entry';
import { MemoryTier } from './memory-tier';

const entry = (json: string, tags: string[] = []): CacheEntry => foundEntry(json, tags, 0);

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

describe('MemoryTier against a model', () => {
  type Command =
    | { kind: 'set'; key: string; value: string; ttl: number; tag: string }
    | { kind: 'get'; key: string }
    | { kind: 'delete'; key: string }
    | { kind: 'deleteTagged'; tag: string }
    | { kind: 'tick'; ms: number };
  const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const tagArb = fc.constantFrom('listings', 'other');
  const commandArb: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.string(), ttl: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 })), tag: tagArb }),
    fc.record({ kind: fc.constant('get' as const), key: keyArb }),
    fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
    fc.record({ kind: fc.constant('deleteTagged' as const), tag: tagArb }),
    fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 1500 }) }),
  );

  it('answers only live values that were set last, and never holds more than its bound', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (commands, max) => {
        const tier = new MemoryTier(max);
        const model = new Map<string, { value: string; expiresAt: number; tag: string }>();
        let now = 0;
        // Once more keys were stored than the bound, eviction may have dropped any of them.
        let evictions = false;
        for (const command of commands) {
          switch (command.kind) {
            case 'set':
              tier.set(command.key, entry(command.value, [command.tag]), command.ttl, now);
              // A TTL of 0 stores nothing and leaves what was there.
              if (command.ttl > 0) model.set(command.key, { value: command.value, expiresAt: now + command.ttl, tag: command.tag });
              if (model.size > max) evictions = true;
              break;
            case 'get': {
              const got = tier.get(command.key, now);
              const expected = model.get(command.key);
              const live = expected && expected.expiresAt > now ? expected : undefined;
              // Eviction may drop a live entry early, never return a stale or wrong one.
              if (got) expect(got).toEqual(entry(live!.value, [live!.tag]));
              else if (!evictions && live) throw new Error(`lost ${command.key} with room to spare`);
              break;
            }
            case 'delete':
              tier.delete([command.key]);
              model.delete(command.key);
              break;
            case 'deleteTagged':
              tier.deleteTagged(new Set([command.tag]));
              for (const [key, value] of model) if (value.tag === command.tag) model.delete(key);
              break;
            case 'tick':
              now += command.ms;
              break;
          }
          expect(tier.size).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });
});
