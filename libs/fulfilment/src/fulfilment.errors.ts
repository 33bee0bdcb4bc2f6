import { DomainError, ErrorCode } from '@gomart/contracts';
import type { SlotView } from './slot';

/** Every error of delivery slots, made here and nowhere else. */
export const FulfilmentErrors = {
  postcodeNotServed: (postcode: string) =>
    new DomainError(ErrorCode.POSTCODE_NOT_SERVED, `We do not deliver to postcode ${postcode} yet.`, { postcode }),
  slotNotFound: (slotId: string) => new DomainError(ErrorCode.SLOT_NOT_FOUND, `No delivery slot ${slotId}.`, { slotId }),
  slotFull: (slot: SlotView) => new DomainError(ErrorCode.SLOT_FULL, 'This delivery slot is full; please choose another.', { slot }),
  slotClosed: (slot: SlotView) =>
    new DomainError(ErrorCode.SLOT_CLOSED, 'This delivery slot no longer takes orders; please choose a later one.', { slot }),
  holdNotFound: (holdId: string) => new DomainError(ErrorCode.SLOT_HOLD_NOT_FOUND, `No slot hold ${holdId}.`, { slotHoldId: holdId }),
  holdExpired: (holdId: string, slot: SlotView) =>
    new DomainError(ErrorCode.SLOT_HOLD_EXPIRED, 'Your delivery slot hold has expired; please choose a slot again.', { slotHoldId: holdId, slot }),
  renewedAlready: (holdId: string) =>
    new DomainError(ErrorCode.SLOT_HOLD_RENEWED_ALREADY, 'A slot hold can be kept once; please choose a slot again if it expires.', { slotHoldId: holdId }),
} as const;
