/**
 * Maps over items with at most `concurrency` calls in flight; results keep the input order.
 * Rejects with the first error, after the calls already started have settled.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await map(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Rejects with a TimeoutError when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One loader for keys asked for one at a time: the keys asked for in one turn of the event
 * loop are loaded together, in one `loadMany` call. Each caller gets its key's value, or
 * undefined when `loadMany` returned none for it; a failed `loadMany` fails every key of its batch.
 */
export function batched<K, V>(loadMany: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>): (key: K) => Promise<V | undefined> {
  let open: { readonly keys: K[]; readonly loaded: Promise<ReadonlyMap<K, V>> } | undefined;
  return (key) => {
    if (!open) {
      const keys: K[] = [];
      const loaded = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        open = undefined;
        return loadMany(keys);
      });
      open = { keys, loaded };
    }
    open.keys.push(key);
    return open.loaded.then((values) => values.get(key));
  };
}
