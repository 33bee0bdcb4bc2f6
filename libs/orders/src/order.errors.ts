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
  /** Shed at a rush: this instance is placing as many orders as it may; nothing was stored. */
  busy: (orderId: string) =>
    serviceUnavailable(`The shop is busy placing orders; ${RETRY_SAME_KEY} after Retry-After.`, { orderId, reason: 'busy' }),
  substituteUnavailable: (lines: readonly { productId: string; substitute: string; problem: string }[]) =>
    new DomainError(ErrorCode.SUBSTITUTE_UNAVAILABLE, 'A chosen substitute cannot be offered.', { lines }),
  pickNotRecordable: (orderId: string, status: OrderStatus) =>
    new DomainError(ErrorCode.PICK_NOT_RECORDABLE, `Lines are picked while an order is PICKING; this one is ${status}.`, { orderId, status }),
  lineAlreadyPicked: (orderId: string, productId: string, pick: unknown) =>
    new DomainError(ErrorCode.LINE_ALREADY_PICKED, 'This line was recorded already (by someone else?).', { orderId, productId, pick }),
  pickingIncomplete: (orderId: string, productIds: readonly string[]) =>
    new DomainError(ErrorCode.PICKING_INCOMPLETE, 'Every line must be picked, substituted or marked unavailable first.', { orderId, productIds }),
  lineNotFound: (orderId: string, productId: string) =>
    new DomainError(ErrorCode.ORDER_NOT_FOUND, `Order ${orderId} has no line for ${productId}.`, { orderId, productId }),
  notArchived: (id: string) =>
    new DomainError(ErrorCode.ORDER_NOT_ARCHIVED, `Order ${id} is not in the archive (it is in the order table already).`, { id }),
  invalidPick: (field: string, problem: string) => invalidField(field, problem),
  idempotencyKeyMissing: () => invalidField('Idempotency-Key', 'the Idempotency-Key header is required'),
  idempotencyKeyMalformed: () =>
    invalidField('Idempotency-Key', 'Idempotency-Key must be 8 to 128 letters, digits, "-" or "_" (a UUID is ideal)'),
  limitsExceeded: (problems: readonly FieldProblem[]) => validationFailed(problems),
} as const;
