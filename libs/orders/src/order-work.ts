import type { StockLine, StockMove } from '@gomart/contracts';
import type { OrderWork, StoredOrder } from './order';

/** One call to the stock ledger: take units for a line, or move them. */
export type LedgerStep = { readonly op: 'reserve'; readonly line: StockLine } | { readonly op: StockMove; readonly line: StockLine };

/**
 * The stock key of a substitute's units: the order id, and the line it stands in for. A
 * reservation and a settle marker are keyed by (product, key), so a substitute that happens
 * to be another line's product never meets that line's units.
 */
export function substituteKey(orderId: string, lineIndex: number): string {
  return `${orderId}~${lineIndex}`;
}

/** The units the order holds now: as ordered until picking is done, then what was picked. */
export function heldUnits(order: StoredOrder): StockLine[] {
  return order.lines.flatMap((line, index): StockLine[] => {
    if (!order.pickedAt) return [{ productId: line.productId, orderId: order.id, quantity: line.quantity }];
    if (line.pick?.result === 'picked') return [{ productId: line.productId, orderId: order.id, quantity: line.quantity }];
    if (line.pick?.result === 'substituted' && line.pick.substituteProductId) {
      return [{ productId: line.pick.substituteProductId, orderId: substituteKey(order.id, index), quantity: line.quantity }];
    }
    return [];
  });
}

/** Substitutes reserved while picking, before picking is done (they are taken when it is). */
function reservedSubstitutes(order: StoredOrder): StockLine[] {
  if (order.pickedAt) return [];
  return order.lines.flatMap((line, index) =>
    line.pick?.result === 'substituted' && line.pick.substituteProductId
      ? [{ productId: line.pick.substituteProductId, orderId: substituteKey(order.id, index), quantity: line.quantity }]
      : [],
  );
}

/**
 * What a piece of work does to stock, line by line — pure, so it can be read and tested as a
 * table: placing holds or releases the reservations as ordered; picking takes each substitute
 * and gives back what was substituted or missing; a cancel gives back what is held (and the
 * substitutes reserved mid-picking); a delivery sells what is held.
 */
export function ledgerSteps(work: OrderWork, order: StoredOrder): LedgerStep[] {
  const ordered = order.lines.map((line) => ({ productId: line.productId, orderId: order.id, quantity: line.quantity }));
  switch (work) {
    case 'hold':
    case 'release':
      return ordered.map((line) => ({ op: work, line }));
    case 'substitute':
      return order.lines.flatMap((line, index): LedgerStep[] => {
        const original = ordered[index]!;
        if (line.pick?.result === 'substituted' && line.pick.substituteProductId) {
          const substitute = { productId: line.pick.substituteProductId, orderId: substituteKey(order.id, index), quantity: line.quantity };
          return [{ op: 'reserve', line: substitute }, { op: 'hold', line: substitute }, { op: 'restock', line: original }];
        }
        return line.pick?.result === 'unavailable' ? [{ op: 'restock', line: original }] : [];
      });
    case 'restock':
      return [...heldUnits(order).map((line) => ({ op: 'restock' as const, line })), ...reservedSubstitutes(order).map((line) => ({ op: 'release' as const, line }))];
    case 'sell':
      return heldUnits(order).map((line) => ({ op: 'sell', line }));
    case 'unbook':
      return [];
  }
}
