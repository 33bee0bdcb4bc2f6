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
  408: ErrorCode.MALFORMED_REQUEST,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  414: ErrorCode.URI_TOO_LONG,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  431: ErrorCode.HEADERS_TOO_LARGE,
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

/**
 * What the framework's refusals say. Fastify's own messages name what the client sent (the
 * URL of a bad percent-encoding, a content type), so they are replaced by fixed sentences:
 * a reflected URL in an error body is an injection vector, and a stable message is easier to
 * match than a library's wording.
 */
const frameworkMessages: Readonly<Record<number, string>> = {
  400: 'The request is malformed.',
  404: 'There is no such route.',
  405: 'The route does not accept this method.',
  408: 'The request took too long to arrive.',
  413: 'The request body is too large.',
  414: 'The request URL is too long.',
  415: 'The API accepts JSON bodies only (Content-Type: application/json).',
  431: 'The request headers are too large.',
};

function clientMessage(error: unknown, status: number): string {
  if (status === 400 && error instanceof SyntaxError) return 'The request body is not valid JSON.';
  if (isFastifyError(error)) return frameworkMessages[status] ?? 'The request was rejected.';
  return error instanceof Error && error.message ? error.message : 'The request was rejected.';
}

function isFastifyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_');
}

/**
 * The body and status for a request Node's HTTP parser refused before Fastify saw it (headers
 * too large, a NUL byte, Content-Length with Transfer-Encoding): the same shape as every other
 * error, and never what the client sent.
 */
export function parserErrorResponse(error: NodeJS.ErrnoException): ErrorResponse {
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
  const code = frameworkCodes[status] ?? ErrorCode.MALFORMED_REQUEST;
  return { status, body: { code, message: frameworkMessages[status] ?? 'The request is malformed.' } };
}
