/**
 * Stable error codes. Clients and other services match on these strings, so they are
 * part of the public API: renaming one breaks deployed callers.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  URI_TOO_LONG: 'URI_TOO_LONG',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  INVALID_CURSOR: 'INVALID_CURSOR',
  TOO_MANY_OPEN_ORDERS: 'TOO_MANY_OPEN_ORDERS',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  SKU_TAKEN: 'SKU_TAKEN',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  MIXED_CURRENCY: 'MIXED_CURRENCY',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  ORDER_IN_PROGRESS: 'ORDER_IN_PROGRESS',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  SUBSTITUTE_UNAVAILABLE: 'SUBSTITUTE_UNAVAILABLE',
  POSTCODE_NOT_SERVED: 'POSTCODE_NOT_SERVED',
  SLOT_NOT_FOUND: 'SLOT_NOT_FOUND',
  SLOT_FULL: 'SLOT_FULL',
  SLOT_CLOSED: 'SLOT_CLOSED',
  SLOT_HOLD_NOT_FOUND: 'SLOT_HOLD_NOT_FOUND',
  SLOT_HOLD_EXPIRED: 'SLOT_HOLD_EXPIRED',
  SLOT_HOLD_RENEWED_ALREADY: 'SLOT_HOLD_RENEWED_ALREADY',
  SLOT_HOLD_REQUIRED: 'SLOT_HOLD_REQUIRED',
  PICK_NOT_RECORDABLE: 'PICK_NOT_RECORDABLE',
  LINE_ALREADY_PICKED: 'LINE_ALREADY_PICKED',
  PICKING_INCOMPLETE: 'PICKING_INCOMPLETE',
  CATALOG_UNAVAILABLE: 'CATALOG_UNAVAILABLE',
  ORDER_NOT_ARCHIVED: 'ORDER_NOT_ARCHIVED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each code; the exception filter and the RPC edge both use it. */
export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  INVALID_CURSOR: 400,
  TOO_MANY_OPEN_ORDERS: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PRODUCT_NOT_FOUND: 404,
  SKU_TAKEN: 409,
  ORDER_NOT_FOUND: 404,
  UNKNOWN_PRODUCT: 422,
  OUT_OF_STOCK: 409,
  MIXED_CURRENCY: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  ORDER_IN_PROGRESS: 409,
  INVALID_TRANSITION: 409,
  SUBSTITUTE_UNAVAILABLE: 422,
  POSTCODE_NOT_SERVED: 422,
  SLOT_NOT_FOUND: 404,
  SLOT_FULL: 409,
  SLOT_CLOSED: 409,
  SLOT_HOLD_NOT_FOUND: 404,
  SLOT_HOLD_EXPIRED: 409,
  SLOT_HOLD_RENEWED_ALREADY: 409,
  SLOT_HOLD_REQUIRED: 422,
  PICK_NOT_RECORDABLE: 409,
  LINE_ALREADY_PICKED: 409,
  PICKING_INCOMPLETE: 409,
  CATALOG_UNAVAILABLE: 503,
  ORDER_NOT_ARCHIVED: 409,
  SERVICE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export type ErrorDetails = Readonly<Record<string, unknown>>;

/** The JSON body of every error response, and of every error reply over the transport. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
  /** Present on 500s: the id under which the error was logged. */
  readonly errorId?: string;
  /** Present on 503s and 429s: when to try again (also the `Retry-After` header). */
  readonly retryAfterSeconds?: number;
}

/**
 * A failure the domain expects and a caller can act on. Carries a stable code rather than
 * an HTTP status: the code survives a trip over a message transport, `instanceof` does not.
 * Each domain builds its errors in one place (`<domain>.errors.ts`), never inline.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** For a temporary failure: how long the caller should wait before retrying. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }

  /** Rebuilds an error from a body received over the wire; unknown shapes are not errors. */
  static fromBody(body: unknown): DomainError | undefined {
    if (!isErrorBody(body)) return undefined;
    return new DomainError(body.code, body.message, body.details, body.retryAfterSeconds);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && code in httpStatusOf && typeof message === 'string';
}

/** One field's problems, as `VALIDATION_FAILED` reports them (`lines.0.quantity`, `cursor`, a header name). */
export interface FieldProblem {
  readonly field: string;
  readonly problems: readonly string[];
}

/** The one way to say a request is not valid, naming every offending field. */
export function validationFailed(fields: readonly FieldProblem[]): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', { fields });
}

/** `validationFailed` for one field with one problem. */
export function invalidField(field: string, problem: string): DomainError {
  return validationFailed([{ field, problems: [problem] }]);
}

/** A dependency did not answer in time or at all: nothing was decided, retry shortly. */
export function serviceUnavailable(message: string, details?: ErrorDetails, retryAfterSeconds = 1): DomainError {
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, message, details, retryAfterSeconds);
}
