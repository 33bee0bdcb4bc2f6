/**
 * Stable error codes. Clients and other services match on these strings, so they are
 * part of the public API: renaming one breaks deployed callers.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
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
  CONFLICT: 'CONFLICT',
  CATALOG_UNAVAILABLE: 'CATALOG_UNAVAILABLE',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each code; the exception filter and the RPC edge both use it. */
export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
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
  CONFLICT: 409,
  CATALOG_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
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
}

/**
 * A failure the domain expects and a caller can act on. Carries a stable code rather than
 * an HTTP status: the code survives a trip over a message transport, `instanceof` does not.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** Rebuilds an error from a body received over the wire; unknown shapes are not errors. */
  static fromBody(body: unknown): DomainError | undefined {
    if (!isErrorBody(body)) return undefined;
    return new DomainError(body.code, body.message, body.details);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && code in httpStatusOf && typeof message === 'string';
}
