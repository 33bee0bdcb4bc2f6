import { useEffect, useReducer, useRef } from 'preact/hooks';

/** A value that components can read and subscribe to: the whole of the storefront's state model. */
export interface Store<T> {
  get(): T;
  set(next: T | ((previous: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      const updated = typeof next === 'function' ? (next as (previous: T) => T)(value) : next;
      if (Object.is(updated, value)) return;
      value = updated;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A store kept in Web Storage under a versioned key: read once at start, written on every change,
 * and refreshed when another tab changes it. A value that does not parse starts over from `initial`.
 */
export function createPersistedStore<T>(
  storage: () => Storage | undefined,
  key: string,
  parse: (raw: unknown) => T | undefined,
  initial: T,
): Store<T> {
  const read = (): T => {
    try {
      const raw = storage()?.getItem(key);
      return (raw ? parse(JSON.parse(raw)) : undefined) ?? initial;
    } catch {
      return initial;
    }
  };
  const store = createStore(read());
  let writing = false;
  store.subscribe(() => {
    if (writing) return;
    try {
      storage()?.setItem(key, JSON.stringify(store.get()));
    } catch {
      // Storage full or blocked (private mode): the state still works for this page.
    }
  });
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key !== key) return;
      writing = true;
      try {
        store.set(read());
      } finally {
        writing = false;
      }
    });
  }
  return store;
}

/** Safe accessors: Web Storage throws when the browser blocks it. */
export const local = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};
export const perTab = (): Storage | undefined => {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
};

/** Re-renders the component when the selected part of the store changes. */
export function useStore<T, S = T>(store: Store<T>, select: (state: T) => S = (state) => state as unknown as S): S {
  const [, rerender] = useReducer((count: number, _change: void) => count + 1, 0);
  const selected = select(store.get());
  // The latest selector and value, read by the one subscription below (selectors may close over props).
  const latest = useRef({ select, selected });
  latest.current = { select, selected };
  useEffect(() => {
    const check = () => {
      const next = latest.current.select(store.get());
      if (!Object.is(next, latest.current.selected)) rerender();
    };
    const unsubscribe = store.subscribe(check);
    check(); // a change between this render and the subscription
    return unsubscribe;
  }, [store]);
  return selected;
}
