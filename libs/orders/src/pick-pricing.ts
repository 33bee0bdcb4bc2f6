import { centsForGrams, type PricedProduct, type PickResult } from '@gomart/contracts';
import { OrderErrors } from './order.errors';
import type { OrderLine } from './order';

/** A weight above this many times the expected one is a typo, not a pick. */
export const ABSURD_WEIGHT_FACTOR = 50;

export interface PickInput {
  readonly result: PickResult;
  readonly grams?: number;
  /** The substitute, as priced now (substituted lines). */
  readonly substitute?: PricedProduct;
}

/**
 * What a line costs as picked. A weighed line is charged by the weight picked, never above its
 * authorised amount (a heavier pick is charged at the cap); a substitute is charged at its own
 * price, never above the original line's estimate; a missing line is refunded (0).
 */
export function pickedCents(line: OrderLine, pick: PickInput): number {
  switch (pick.result) {
    case 'unavailable':
      return 0;
    case 'picked':
      return line.soldBy === 'per_kg' ? Math.min(centsForGrams(line.pricePerKgCents!, pick.grams!), line.authorisedCents) : line.lineTotalCents;
    case 'substituted': {
      const substitute = pick.substitute!;
      const price = substitute.soldBy === 'per_kg' ? centsForGrams(substitute.pricePerKgCents!, pick.grams!) : substitute.priceCents * line.quantity;
      return Math.min(price, line.lineTotalCents);
    }
  }
}

/** Checks a pick against its line: the weight a weighed item needs (and nothing else does), within reason. */
export function checkPick(line: OrderLine, pick: PickInput): void {
  const weighed = pick.result === 'picked' ? line.soldBy === 'per_kg' : pick.result === 'substituted' && pick.substitute?.soldBy === 'per_kg';
  if (!weighed) {
    if (pick.grams !== undefined) throw OrderErrors.invalidPick('grams', 'grams is only recorded for items sold by weight');
    return;
  }
  const expected =
    pick.result === 'picked' ? line.estimatedGrams! : (pick.substitute!.averageUnitGrams ?? 1) * line.quantity;
  if (pick.grams === undefined) throw OrderErrors.invalidPick('grams', 'grams is required for an item sold by weight');
  if (!Number.isInteger(pick.grams) || pick.grams <= 0) throw OrderErrors.invalidPick('grams', 'grams must be a positive whole number');
  if (pick.grams > expected * ABSURD_WEIGHT_FACTOR) {
    throw OrderErrors.invalidPick('grams', `grams must be at most ${ABSURD_WEIGHT_FACTOR} times the expected ${expected} g`);
  }
}
