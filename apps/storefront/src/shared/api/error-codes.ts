/**
 * The backend's stable error codes that the storefront and the back office act on (libs/contracts/src/errors.ts and
 * the fulfilment contract), copied here because the browser build cannot import the Nest libs.
 * Renaming one on the server breaks this client; the lead may generate this list later.
 */
export const API_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'ROUTE_NOT_FOUND',
  'PRODUCT_NOT_FOUND',
  'ORDER_NOT_FOUND',
  'UNKNOWN_PRODUCT',
  'OUT_OF_STOCK',
  'MIXED_CURRENCY',
  'IDEMPOTENCY_KEY_REUSED',
  'ORDER_IN_PROGRESS',
  'INVALID_TRANSITION',
  'SUBSTITUTE_UNAVAILABLE',
  'PICK_NOT_RECORDABLE',
  'LINE_ALREADY_PICKED',
  'PICKING_INCOMPLETE',
  'CATALOG_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'SHUTTING_DOWN',
  'RATE_LIMITED',
  'INTERNAL',
  'POSTCODE_NOT_SERVED',
  'SLOT_NOT_FOUND',
  'SLOT_FULL',
  'SLOT_CLOSED',
  'SLOT_HOLD_NOT_FOUND',
  'SLOT_HOLD_RENEWED_ALREADY',
  'SLOT_HOLD_EXPIRED',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Failures that never reached an answer from the API: they are the browser's, not the server's. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

export type ErrorCode = ApiErrorCode | ClientErrorCode;

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}
