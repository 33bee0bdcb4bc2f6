import fc from 'fast-check';
import { batched, mapConcurrently, TimeoutError, withTimeout } from './async';

describe('mapConcurrently', () => {
  it('keeps the input order and never runs more than the bound at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, bound) => {
        let running = 0;
        let peak = 0;
        const results = await mapConcurrently(delays, bound, async (delay, index) => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, delay));
          running -= 1;
          return index;
        });
        expect(results).toEqual(delays.map((_, index) => index));
        expect(peak).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects with the first failure, after the calls already started have settled, and starts no more', async () => {
    const started: number[] = [];
    let settled = 0;
    const attempt = mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setTimeout(resolve, item === 1 ? 1 : 5));
      settled += 1;
      if (item === 1) throw new Error('item 1 failed');
      return item;
    });
    await expect(attempt).rejects.toThrow('item 1 failed');
    expect(settled).toBe(started.length);
    expect(started.length).toBeLessThan(6);
  });
});

describe('withTimeout', () => {
  it('rejects a promise that takes too long with a TimeoutError naming it', async () => {
    await expect(withTimeout(new Promise(() => undefined), 5, 'redis ping')).rejects.toThrow(TimeoutError);
    await expect(withTimeout(Promise.resolve('ok'), 50)).resolves.toBe('ok');
  });
});

describe('batched', () => {
  const recordingLoader = () => {
    const calls: (readonly string[])[] = [];
    const load = batched(async (keys: readonly string[]) => {
      calls.push([...keys]);
      return new Map(keys.filter((key) => !key.startsWith('missing')).map((key) => [key, key.toUpperCase()]));
    });
    return { calls, load };
  };

  it('loads the keys asked for in one turn together, each caller getting its own value', async () => {
    const { calls, load } = recordingLoader();
    // Asked for from separate promise chains, as concurrent cache misses ask.
    const values = await Promise.all(['a', 'b', 'missing-c'].map(async (key) => load(await Promise.resolve(key))));
    expect(values).toEqual(['A', 'B', undefined]);
    expect(calls).toEqual([['a', 'b', 'missing-c']]);
  });

  it('starts a new batch for keys asked for after a batch was sent', async () => {
    const { calls, load } = recordingLoader();
    await expect(load('a')).resolves.toBe('A');
    await expect(Promise.all([load('b'), load('c')])).resolves.toEqual(['B', 'C']);
    expect(calls).toEqual([['a'], ['b', 'c']]);
  });

  it('fails every key of a batch whose load failed, and loads the next batch again', async () => {
    let fail = true;
    const load = batched(async (keys: readonly string[]) => {
      if (fail) throw new Error('store down');
      return new Map(keys.map((key) => [key, key]));
    });
    const failed = await Promise.allSettled([load('a'), load('b')]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(load('a')).resolves.toBe('a');
  });
});
