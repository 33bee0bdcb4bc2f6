import { grams, money } from '../../shared/format';
import type { StaffOrderLine, StaffPick } from '../types';

/** The customer's substitution preference, as the picker reads it. */
export function preferenceText(substitute: string, substituteName?: string): string {
  if (substitute === 'none') return 'No substitutes: leave it out if missing';
  if (substitute === 'similar') return 'A similar product is fine (not dearer than this line)';
  return `Substitute with ${substituteName ?? substitute}`;
}

/** A recorded pick in a few words: "Picked 1.3 kg · $4.63". */
export function pickText(line: Pick<StaffOrderLine, 'soldBy'>, pick: Pick<StaffPick, 'result' | 'grams' | 'substituteName' | 'substituteProductId' | 'finalCents'>, currency: string): string {
  const cost = money(pick.finalCents, currency);
  const weight = pick.grams !== undefined ? `${grams(pick.grams)} · ` : '';
  switch (pick.result) {
    case 'picked':
      return line.soldBy === 'per_kg' && pick.grams !== undefined ? `Picked ${grams(pick.grams)} · ${cost}` : `Picked · ${cost}`;
    case 'substituted':
      return `Substituted with ${pick.substituteName ?? pick.substituteProductId ?? 'another product'} · ${weight}${cost}`;
    case 'unavailable':
      return 'Not available · refunded';
  }
}
