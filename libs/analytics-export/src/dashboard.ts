import type { SlotCapacity } from '@gomart/contracts';
import type { CounterRow } from './daily-counter.store';

/** What the dashboard shows; each part is also an `/analytics/...` route and a CSV. */
export interface SalesDay {
  readonly day: string;
  readonly orders: number;
  readonly revenueCents: number;
  readonly averageOrderValueCents: number;
}

export interface SalesTotals {
  readonly orders: number;
  readonly revenueCents: number;
  readonly averageOrderValueCents: number;
}

export interface ProductFigure {
  readonly productId: string;
  readonly name: string;
  readonly category: string;
  readonly units: number;
  readonly revenueCents: number;
}

export interface AisleFigure {
  readonly category: string;
  readonly units: number;
  readonly revenueCents: number;
}

export interface SlotDay {
  readonly day: string;
  readonly capacity: number;
  readonly booked: number;
  readonly utilisation: number;
}

export interface PickingFigures {
  readonly lines: number;
  readonly picked: number;
  readonly substituted: number;
  readonly unavailable: number;
  readonly fillRate: number | null;
  readonly substitutionRate: number | null;
}

/** The days `from` to `to`, inclusive (YYYY-MM-DD, UTC calendar days). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/** The period of the same length just before `days`. */
export function previousPeriod(days: readonly string[]): string[] {
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  return days.map((_, index) => new Date(first - (days.length - index) * 86_400_000).toISOString().slice(0, 10));
}

const value = (row: CounterRow | undefined, name: string) => row?.values[name] ?? 0;
const average = (revenueCents: number, orders: number) => (orders > 0 ? Math.round(revenueCents / orders) : 0);

export function salesByDay(days: readonly string[], rows: readonly CounterRow[]): SalesDay[] {
  const sales = new Map(rows.filter((row) => row.key === 'sales').map((row) => [row.day, row]));
  return days.map((day) => {
    const orders = value(sales.get(day), 'orders');
    const revenueCents = value(sales.get(day), 'revenueCents');
    return { day, orders, revenueCents, averageOrderValueCents: average(revenueCents, orders) };
  });
}

export function totalsOf(days: readonly SalesDay[]): SalesTotals {
  const orders = days.reduce((sum, day) => sum + day.orders, 0);
  const revenueCents = days.reduce((sum, day) => sum + day.revenueCents, 0);
  return { orders, revenueCents, averageOrderValueCents: average(revenueCents, orders) };
}

/** The change from `previous` to `current` as a fraction (0.12 = +12%), or null when there was nothing before. */
export function changeOf(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

/**
 * Products' units and revenue over the rows, best revenue first. Counters carry no names: a
 * figure is named by its label if it has one, else by its id, until `BusinessDashboard` names it
 * from the catalog.
 */
export function productFigures(rows: readonly CounterRow[]): ProductFigure[] {
  return summed(rows, 'product#')
    .map(([productId, sum, labels]) => ({ productId, name: labels.name ?? productId, category: labels.category ?? '', ...sum }))
    .sort((a, b) => b.revenueCents - a.revenueCents || b.units - a.units || a.productId.localeCompare(b.productId));
}

/** Sales per aisle, from the aisles' own counters. */
export function aisleFigures(rows: readonly CounterRow[]): AisleFigure[] {
  return summed(rows, 'aisle#')
    .map(([category, sum]) => ({ category, ...sum }))
    .sort((a, b) => b.revenueCents - a.revenueCents || a.category.localeCompare(b.category));
}

/** Units and revenue per counter of one kind (`product#`, `aisle#`) over the days of the rows; zero sums left out. */
function summed(rows: readonly CounterRow[], prefix: string): [string, { units: number; revenueCents: number }, Readonly<Record<string, string>>][] {
  const sums = new Map<string, { units: number; revenueCents: number; labels: Record<string, string> }>();
  for (const row of rows) {
    if (!row.key.startsWith(prefix)) continue;
    const id = row.key.slice(prefix.length);
    const sum = sums.get(id) ?? { units: 0, revenueCents: 0, labels: {} };
    sum.units += value(row, 'units');
    sum.revenueCents += value(row, 'revenueCents');
    Object.assign(sum.labels, row.labels);
    sums.set(id, sum);
  }
  return [...sums]
    .filter(([, sum]) => sum.units !== 0 || sum.revenueCents !== 0)
    .map(([id, { units, revenueCents, labels }]) => [id, { units, revenueCents }, labels]);
}

export function pickingFigures(rows: readonly CounterRow[]): PickingFigures {
  const sum = (name: string) => rows.filter((row) => row.key === 'picking').reduce((total, row) => total + value(row, name), 0);
  const lines = sum('lines');
  const picked = sum('picked');
  const substituted = sum('substituted');
  return {
    lines,
    picked,
    substituted,
    unavailable: sum('unavailable'),
    fillRate: lines > 0 ? (picked + substituted) / lines : null,
    substitutionRate: lines > 0 ? substituted / lines : null,
  };
}

/** Booked ÷ capacity per local day, over every slot of every zone. */
export function slotDays(days: readonly string[], slots: readonly SlotCapacity[]): SlotDay[] {
  return days.map((day) => {
    const ofDay = slots.filter((slot) => slot.day === day);
    const capacity = ofDay.reduce((sum, slot) => sum + slot.capacity, 0);
    const booked = ofDay.reduce((sum, slot) => sum + slot.booked, 0);
    return { day, capacity, booked, utilisation: capacity > 0 ? booked / capacity : 0 };
  });
}
