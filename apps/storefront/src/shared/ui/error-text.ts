import { ApiError } from '../api/client';

/** A sentence a shopper can act on, for any failure. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on this page. Please try again.';
  switch (error.code) {
    case 'NETWORK_ERROR':
      return 'We could not reach Go Mart. Check your connection and try again.';
    case 'UNAUTHENTICATED':
      return 'Please sign in again: your session has ended.';
    case 'RATE_LIMITED':
      return 'Too many requests in a short time. Please wait a moment and try again.';
    case 'PRODUCT_NOT_FOUND':
      return 'We could not find that product. It may no longer be sold.';
    case 'ORDER_NOT_FOUND':
      return 'We could not find that order.';
    case 'ROUTE_NOT_FOUND':
      return 'This part of the shop is not available yet.';
    default:
      return error.status >= 500 || error.status === 0
        ? 'Go Mart is having trouble right now. Please try again in a moment.'
        : error.message;
  }
}
