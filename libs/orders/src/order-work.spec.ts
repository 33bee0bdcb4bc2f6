import type { OrderLine, StoredOrder } from './order';
import { heldUnits, ledgerSteps, substituteKey } from './order-work';

const line = (productId: string, quantity: number, pick?: OrderLine['pick']): OrderLine => ({
  productId,
  sku: productId.toUpperCase(),
  name: productId,
  category: 'pantry',
  quantity,
  soldBy: 'each',
  unitPriceCents: 100,
  lineTotalCents: 100 * quantity,
  authorisedCents: 100 * quantity,
  substitute: 'similar',
  ...(pick ? { pick } : {}),
});
const pick = (result: 'picked' | 'substituted' | 'unavailable', substituteProductId?: string) => ({
  result,
  finalCents: 0,
  pickedBy: 'sam',
  pickedAt: '2026-12-01T00:00:00Z',
  ...(substituteProductId ? { substituteProductId } : {}),
});
const order = (lines: OrderLine[], pickedAt?: string): StoredOrder =>
  ({ id: 'ord_1', lines, pickedAt, work: {}, outbox: {}, timeline: [] }) as unknown as StoredOrder;
const steps = (work: Parameters<typeof ledgerSteps>[0], of: StoredOrder) =>
  ledgerSteps(work, of).map(({ op, line }) => `${op} ${line.productId}/${line.orderId} ×${line.quantity}`);

describe('what order work does to stock', () => {
  const picked = order([line('a', 2, pick('picked')), line('b', 1, pick('substituted', 'c')), line('d', 3, pick('unavailable'))]);

  it('holds or releases the reservations as ordered when placement is decided', () => {
    expect(steps('hold', picked)).toEqual(['hold a/ord_1 ×2', 'hold b/ord_1 ×1', 'hold d/ord_1 ×3']);
    expect(steps('release', picked)).toEqual(['release a/ord_1 ×2', 'release b/ord_1 ×1', 'release d/ord_1 ×3']);
  });

  it('takes each substitute under its own key and gives back what was substituted or missing', () => {
    expect(steps('substitute', picked)).toEqual([
      `reserve c/${substituteKey('ord_1', 1)} ×1`,
      `hold c/${substituteKey('ord_1', 1)} ×1`,
      'restock b/ord_1 ×1',
      'restock d/ord_1 ×3',
    ]);
  });

  it('sells or restocks what is held: as ordered before picking is done, as picked after', () => {
    expect(steps('sell', picked)).toEqual(['sell a/ord_1 ×2', 'sell b/ord_1 ×1', 'sell d/ord_1 ×3']);
    const done = order(picked.lines as OrderLine[], '2026-12-01T01:00:00Z');
    expect(steps('sell', done)).toEqual(['sell a/ord_1 ×2', `sell c/${substituteKey('ord_1', 1)} ×1`]);
    expect(heldUnits(done).map((held) => held.productId)).toEqual(['a', 'c']);
  });

  it('on a cancel mid-picking, restocks the order and releases the substitutes already reserved', () => {
    expect(steps('restock', picked)).toEqual([
      'restock a/ord_1 ×2',
      'restock b/ord_1 ×1',
      'restock d/ord_1 ×3',
      `release c/${substituteKey('ord_1', 1)} ×1`,
    ]);
  });

  it("keeps a substitute that is another line's product apart from that line", () => {
    const same = order([line('a', 1, pick('picked')), line('b', 1, pick('substituted', 'a'))], '2026-12-01T01:00:00Z');
    const keys = ledgerSteps('sell', same).map(({ line: sold }) => `${sold.productId}/${sold.orderId}`);
    expect(new Set(keys).size).toBe(2);
  });
});
