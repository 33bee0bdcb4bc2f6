import { api, ApiError } from '../../shared/api/client';
import type { Order, PlaceOrderBody, ShortLine } from '../../shared/api/types';
import { checkout } from './checkout-store';

/** How an attempt to place the order ended, in the terms the checkout page acts on. */
export type PlaceOutcome =
  | { readonly kind: 'placed'; readonly order: Order }
  | { readonly kind: 'out-of-stock'; readonly lines: readonly ShortLine[] }
  | { readonly kind: 'hold-expired' }
  | { readonly kind: 'signed-out' }
  /** `undecided`: the server may still place it; pressing again (same key) is safe. */
  | { readonly kind: 'failed'; readonly error: unknown; readonly undecided: boolean };

/** Back-off between automatic retries of an undecided answer (503, network, ORDER_IN_PROGRESS, 429). */
export const RETRY_DELAYS_MS = [500, 1500, 3500] as const;
const MAX_RETRY_AFTER_MS = 10_000;

/** Text that is the same for the same body, whatever the order of its keys. */
function fingerprintOf(body: PlaceOrderBody): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
        : value;
  return JSON.stringify(canonical(body));
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The key of this checkout: the same for the same body until the order is decided, so a retry, a
 * double click or a reload can only reach the one order. A changed basket or slot is a new order.
 */
export function idempotencyKeyFor(body: PlaceOrderBody): string {
  const fingerprint = fingerprintOf(body);
  const { attempt } = checkout.get();
  if (attempt && attempt.fingerprint === fingerprint) return attempt.key;
  const key = newKey();
  checkout.update({ attempt: { key, fingerprint } });
  return key;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let inFlight: Promise<PlaceOutcome> | undefined;

/**
 * Places the order, retrying undecided answers with the same Idempotency-Key. A second call while
 * one is running (a double click) joins the first instead of sending another request.
 */
export function placeOrder(body: PlaceOrderBody, wait: (ms: number) => Promise<void> = sleep): Promise<PlaceOutcome> {
  inFlight ??= attemptPlacement(body, wait).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function attemptPlacement(body: PlaceOrderBody, wait: (ms: number) => Promise<void>): Promise<PlaceOutcome> {
  const key = idempotencyKeyFor(body);
  for (let attempt = 0; ; attempt++) {
    try {
      const order = await api.placeOrder(body, key);
      return { kind: 'placed', order };
    } catch (error) {
      const delay = retryDelay(error, attempt);
      if (delay !== undefined) {
        await wait(delay);
        continue;
      }
      return decided(error);
    }
  }
}

/** How long to wait before the next try, or undefined when retrying cannot help (or enough tries were made). */
function retryDelay(error: unknown, attempt: number): number | undefined {
  if (!(error instanceof ApiError) || !error.retryable) return undefined;
  const planned = RETRY_DELAYS_MS[attempt];
  if (planned === undefined) return undefined;
  return error.retryAfterSeconds === undefined ? planned : Math.min(error.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
}

function decided(error: unknown): PlaceOutcome {
  if (!(error instanceof ApiError)) return { kind: 'failed', error, undecided: true };
  if (error.retryable) return { kind: 'failed', error, undecided: true };
  // Decided: the next attempt is a new order, with a new key (a rejected order keeps its key's answer).
  checkout.update({ attempt: null });
  if (error.code === 'OUT_OF_STOCK') {
    const lines = Array.isArray(error.details?.lines) ? (error.details.lines as ShortLine[]) : [];
    return { kind: 'out-of-stock', lines };
  }
  if (error.code === 'SLOT_HOLD_EXPIRED' || error.code === 'SLOT_HOLD_NOT_FOUND') return { kind: 'hold-expired' };
  if (error.code === 'UNAUTHENTICATED') return { kind: 'signed-out' };
  return { kind: 'failed', error, undecided: false };
}
