import { createPersistedStore, local, useStore } from './store';

/** Who is signed in, kept across reloads in localStorage (the token is all the API needs). */
export interface Session {
  readonly token: string;
  /** ISO time after which the token is no longer accepted. */
  readonly expiresAt: string;
  readonly sub: string;
  readonly name: string;
  readonly groups: readonly string[];
  /** How the customer signed in, so signing out can also end a Cognito session. */
  readonly via: 'local' | 'cognito';
}

/** Versioned: a change of shape bumps the version, and an old value is simply not read. */
export const SESSION_STORAGE_KEY = 'gomart.session.v1';

function parseSession(raw: unknown): Session | null | undefined {
  if (raw === null) return null;
  if (typeof raw !== 'object') return undefined;
  const value = raw as Partial<Session>;
  const valid =
    typeof value.token === 'string' &&
    typeof value.expiresAt === 'string' &&
    typeof value.sub === 'string' &&
    typeof value.name === 'string' &&
    Array.isArray(value.groups);
  return valid ? { ...(value as Session), via: value.via === 'cognito' ? 'cognito' : 'local' } : undefined;
}

const store = createPersistedStore<Session | null>(local, SESSION_STORAGE_KEY, parseSession, null);

const live = (value: Session | null): Session | null =>
  value && Date.parse(value.expiresAt) > Date.now() ? value : null;

export const session = {
  store,
  current: (): Session | null => live(store.get()),
  token: (): string | undefined => live(store.get())?.token,
  signIn: (value: Session): void => store.set(value),
  /** Forget the customer here (sign out, or a token the API no longer accepts). */
  clear: (): void => store.set(null),
};

export function useSession(): Session | null {
  return useStore(store, live);
}
