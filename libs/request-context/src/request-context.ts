import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id that follows one request through every service it touches: set at the HTTP edge
 * (the client's `x-request-id` when sane, else a new one), carried over TCP calls and on every
 * event (`correlationId`), and written into every log line made while handling it.
 */
export interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts) as part of the request `requestId`. */
export function runInRequest<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The request this code runs for, if any (undefined in timers such as the sweeper). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A sane client-supplied request id: short, and only characters safe in logs and headers. */
export const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

/** The field carrying the request id inside a TCP message (stripped before validation). */
export const REQUEST_META_FIELD = '__request';

/** What travels with a TCP message besides the payload: the request id and the trace context (W3C headers). */
export interface MessageMeta {
  readonly requestId?: string;
  /** Checked by the tracing lib before use: it came over the wire. */
  readonly trace?: unknown;
}

/**
 * A message payload with the current request id attached, and `trace` (the caller's span as
 * W3C headers) when tracing, for a TCP call to another service.
 */
export function withRequestMeta<T extends object>(payload: T, trace?: Readonly<Record<string, string>>): T {
  const requestId = currentRequestId();
  if (!requestId && !trace) return payload;
  return { ...payload, [REQUEST_META_FIELD]: { ...(requestId ? { requestId } : {}), ...(trace ? { trace } : {}) } };
}

/** Takes the request id off a received message (mutating it, so validation sees the payload alone). */
export function takeRequestMeta(payload: unknown): string | undefined {
  return takeMessageMeta(payload).requestId;
}

/** Takes the request id and trace context off a received message (mutating it, as `takeRequestMeta`). */
export function takeMessageMeta(payload: unknown): MessageMeta {
  if (typeof payload !== 'object' || payload === null || !(REQUEST_META_FIELD in payload)) return {};
  const record = payload as Record<string, unknown>;
  const meta = record[REQUEST_META_FIELD] as { requestId?: unknown; trace?: unknown } | undefined;
  delete record[REQUEST_META_FIELD];
  const requestId = typeof meta?.requestId === 'string' && REQUEST_ID_PATTERN.test(meta.requestId) ? meta.requestId : undefined;
  return { requestId, trace: typeof meta === 'object' && meta !== null ? meta.trace : undefined };
}
