import { TimeoutError } from './async';

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionConflictException',
]);

/**
 * True when `error` says a dependency was slow, unreachable or overloaded — a failure that a
 * retry may not meet — rather than a bug or a refusal: our own deadlines, the AWS SDK's
 * timeouts, throttling and 5xx answers, and dropped connections. Such a failure during a
 * request is a 503 with Retry-After, never a 500.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof TimeoutError || TRANSIENT_NAMES.has(current.name)) return true;
    const { code, $retryable, $metadata } = current as { code?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if ($retryable) return true;
    if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  }
  return false;
}
