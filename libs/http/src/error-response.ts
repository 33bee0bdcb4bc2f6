import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { isTransientFailure } from '@gomart/async';
import { DomainError, ErrorCode, httpStatusOf, serviceUnavailable, type ErrorBody } from '@gomart/contracts';
import type { FastifyBaseLogger } from 'fastify';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
}

/** Statuses raised by the framework (router, body parser) and the code each one gets. */
const frameworkCodes: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.MALFORMED_REQUEST,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.ROUTE_NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/**
 * The one mapping from anything thrown to `{ code, message, details? }` and a status.
 * Domain errors keep their code; framework client errors get a stable code; a dependency that
 * timed out, refused or throttled is a 503 with Retry-After (the client may retry; what was
 * written is safe to repeat); anything else is a 500 whose body carries only an error id, and
 * whose details go to the log under that id.
 */
export function toErrorResponse(error: unknown, log: FastifyBaseLogger): ErrorResponse {
  if (error instanceof DomainError) {
    return { status: httpStatusOf[error.code], body: error.toBody() };
  }
  const status = clientErrorStatus(error);
  const code = status === undefined ? undefined : frameworkCodes[status];
  if (status !== undefined && code !== undefined) {
    return { status, body: { code, message: clientMessage(error, status) } };
  }
  if (isTransientFailure(error)) {
    log.warn({ err: error }, 'a dependency failed transiently; answered 503');
    const unavailable = serviceUnavailable('The shop is busy right now; retry shortly.');
    return { status: httpStatusOf[unavailable.code], body: unavailable.toBody() };
  }
  const errorId = randomUUID();
  log.error({ err: error, errorId }, 'unhandled error');
  return {
    status: 500,
    body: { code: ErrorCode.INTERNAL, message: `Internal error; quote error id ${errorId} when reporting it.`, errorId },
  };
}

function clientErrorStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

function clientMessage(error: unknown, status: number): string {
  if (status === 400 && error instanceof SyntaxError) return 'The request body is not valid JSON.';
  return error instanceof Error && error.message ? error.message : 'The request was rejected.';
}
