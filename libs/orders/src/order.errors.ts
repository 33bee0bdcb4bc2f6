import { DomainError, ErrorCode, invalidField, serviceUnavailable, validationFailed, type FieldProblem } from '@gomart/contracts';
import type { OrderStatus } from '@gomart/contracts';
import type { ShortLine } from './order';

const RETRY_SAME_KEY = 'retry with the same Idempotency-Key';

/** Every error orders raise, made here and nowhere else. */
export const OrderErrors = {
  notFound: (id: string) => new DomainError(ErrorCode.ORDER_NOT_FOUND, `No order with id ${id}.`, { id }),
  inProgress: (orderId: string) =>
    new DomainError(ErrorCode.ORDER_IN_PROGRESS, `The order is still being placed; ${RETRY_SAME_KEY}.`, { orderId }, 1),
  outOfStock: (orderId: string, lines: readonly ShortLine[]) =>
    new DomainError(ErrorCode.OUT_OF_STOCK, 'Some products are short of stock; nothing was reserved.', { orderId, lines }),
  keyReused: (orderId: string) =>
    new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used for a different order.', { orderId }),
  unknownProducts: (productIds: readonly string[]) =>
    new DomainError(ErrorCode.UNKNOWN_PRODUCT, `Unknown product: ${productIds.join(', ')}.`, { productIds }),
  mixedCurrency: (currencies: readonly string[]) =>
    new DomainError(ErrorCode.MIXED_CURRENCY, 'Products in one order must share a currency.', { currencies }),
  invalidTransition: (from: OrderStatus, to: OrderStatus, allowed: readonly OrderStatus[]) =>
    new DomainError(ErrorCode.INVALID_TRANSITION, `An order that is ${from} cannot become ${to}.`, { from, to, allowed }),
  /** A dependency timed out or failed during placement: nothing is decided yet. */
  unavailable: (orderId: string) => serviceUnavailable(`The order could not be placed right now; ${RETRY_SAME_KEY}.`, { orderId }),
  idempotencyKeyMissing: () => invalidField('Idempotency-Key', 'the Idempotency-Key header is required'),
  idempotencyKeyMalformed: () =>
    invalidField('Idempotency-Key', 'Idempotency-Key must be 8 to 128 letters, digits, "-" or "_" (a UUID is ideal)'),
  limitsExceeded: (problems: readonly FieldProblem[]) => validationFailed(problems),
} as const;
