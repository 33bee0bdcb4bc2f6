import type { CounterRow } from './daily-counter.store';
import type { FactLine, OrderFact } from './order-fact';

/**
 * The dashboard's figures are kept as daily counters (stored as DailyCounterStore packs them): `sales` (orders, revenue),
 * `product#<id>` and `aisle#<category>` (units, revenue), `picking` (lines picked, substituted,
 * unavailable). An event adds to the counters of the day it belongs to — a placed order's day
 * for its sales (a later pick or cancel corrects that day), the picking day for picking — so
 * a day's counters always equal the sum over its orders as they stand, and no request ever
 * reads orders or facts.
 */
export interface CounterIncrement {
  readonly day: string;
  readonly key: string;
  readonly add: Readonly<Record<string, number>>;
  /** Labels kept on the counter (a product's name and aisle). */
  readonly labels?: Readonly<Record<string, string>>;
}

export const CounterKeys = {
  sales: 'sales',
  picking: 'picking',
  product: (id: string) => `product#${id}`,
  aisle: (category: string) => `aisle#${category}`,
} as const;

/** What one fact adds to the counters, one increment per counter changed (a line picked as ordered changes none). Pure. */
export function incrementsFor(fact: OrderFact): CounterIncrement[] {
  const totals = new CounterTotals();
  totals.add(rawIncrements(fact));
  return totals
    .toRows()
    .filter((row) => Object.values(row.values).some((amount) => amount !== 0))
    .map(({ day, key, values, labels }) => ({ day, key, add: values, ...(Object.keys(labels).length ? { labels } : {}) }));
}

function rawIncrements(fact: OrderFact): CounterIncrement[] {
  switch (fact.type) {
    case 'OrderPlaced':
      return [{ day: fact.day, key: CounterKeys.sales, add: { orders: 1, revenueCents: fact.totalCents ?? 0 } }, ...lineIncrements(fact.day, fact.lines ?? [], 1)];
    case 'OrderPicked': {
      const placedDay = dayOf(fact.placedAt ?? fact.occurredAt);
      const lines = fact.lines ?? [];
      const correction = (fact.finalTotalCents ?? 0) - (fact.estimatedTotalCents ?? fact.finalTotalCents ?? 0);
      const count = (result: string) => lines.filter((line) => line.result === result).length;
      return [
        ...(correction !== 0 ? [{ day: placedDay, key: CounterKeys.sales, add: { revenueCents: correction } }] : []),
        // The lines as ordered leave the figures; the lines as picked (a substitute as itself) join them.
        ...lineIncrements(placedDay, lines.map((line) => ({ ...line, cents: line.estimatedCents ?? 0 })), -1),
        ...lineIncrements(placedDay, lines.flatMap(asPicked), 1),
        { day: fact.day, key: CounterKeys.picking, add: { lines: lines.length, picked: count('picked'), substituted: count('substituted'), unavailable: count('unavailable') } },
      ];
    }
    case 'OrderCancelled': {
      const placedDay = dayOf(fact.placedAt ?? fact.occurredAt);
      return [
        { day: placedDay, key: CounterKeys.sales, add: { orders: -1, revenueCents: -(fact.totalCents ?? 0) } },
        ...lineIncrements(placedDay, fact.lines ?? [], -1),
      ];
    }
    case 'OrderStatusChanged':
      return [];
  }
}

function asPicked(line: FactLine): FactLine[] {
  if (line.result === 'unavailable') return [];
  if (line.result === 'substituted' && line.substituteProductId) {
    return [{ ...line, productId: line.substituteProductId, name: line.substituteName ?? line.substituteProductId }];
  }
  return [line];
}

/**
 * A line counts for its product and its aisle. Names are not kept on the counters (the
 * dashboard names the few products it shows from the catalog), so a day's product counters
 * stay two numbers each.
 */
function lineIncrements(day: string, lines: readonly FactLine[], sign: 1 | -1): CounterIncrement[] {
  return lines.flatMap((line) => {
    const add = { units: sign * line.quantity, revenueCents: sign * line.cents };
    return [
      { day, key: CounterKeys.product(line.productId), add },
      { day, key: CounterKeys.aisle(line.category ?? ''), add },
    ];
  });
}

function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}

/**
 * Increments summed into counters, as the store holds them after applying each one (the
 * backfill recomputes the table with it; the tests compare with it). Pure.
 */
export class CounterTotals {
  private readonly rows = new Map<string, { day: string; key: string; values: Record<string, number>; labels: Record<string, string> }>();

  add(increments: readonly CounterIncrement[]): void {
    for (const { day, key, add, labels } of increments) {
      const id = `${day}|${key}`;
      const row = this.rows.get(id) ?? { day, key, values: {}, labels: {} };
      for (const [name, amount] of Object.entries(add)) row.values[name] = (row.values[name] ?? 0) + amount;
      Object.assign(row.labels, labels);
      this.rows.set(id, row);
    }
  }

  toRows(): CounterRow[] {
    return [...this.rows.values()];
  }
}
