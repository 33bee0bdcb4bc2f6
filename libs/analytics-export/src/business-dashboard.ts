import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_PORT, invalidField, SLOT_CAPACITY_PORT, type CatalogPort, type PricedProduct, type SlotCapacityPort } from '@gomart/contracts';
import { DailyCounterStore, type CounterRow } from './daily-counter.store';
import {
  aisleFigures,
  changeOf,
  daysBetween,
  pickingFigures,
  previousPeriod,
  productFigures,
  salesByDay,
  slotDays,
  totalsOf,
  type AisleFigure,
  type PickingFigures,
  type ProductFigure,
  type SalesDay,
  type SalesTotals,
  type SlotDay,
} from './dashboard';

/** The longest range the dashboard reads: a year of days, one counter query each. */
export const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 28;
/**
 * Stock alerts read the stock of every product sold in the range; the dashboard keeps what it
 * read this long, so a refresh (or the next admin) costs the counters, not a catalog read of
 * every product. Alerts are about days of cover: stock a few seconds old does not change them.
 */
export const STOCK_SNAPSHOT_MS = 10_000;

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

export interface SalesFigures {
  readonly days: SalesDay[];
  readonly totals: SalesTotals;
  readonly previousTotals: SalesTotals;
  /** Fractions (0.12 = +12 %) against the previous period of the same length; null where it had nothing. */
  readonly change: { readonly orders: number | null; readonly revenueCents: number | null; readonly averageOrderValueCents: number | null };
}

export interface StockAlert {
  readonly productId: string;
  readonly name: string;
  readonly category: string;
  readonly stock: number;
  readonly averageDailyUnits: number;
  /** Units in stock ÷ average daily units sold over the range. */
  readonly daysOfCover: number;
}

export interface Dashboard {
  readonly range: DateRange;
  readonly previous: DateRange;
  readonly sales: SalesFigures;
  readonly topProducts: ProductFigure[];
  readonly aisles: AisleFigure[];
  readonly stockAlerts: StockAlert[];
  readonly slots: { readonly days: SlotDay[] };
  readonly picking: PickingFigures;
}

/**
 * The business dashboard, every figure from the daily counters (kept from order events) and
 * the slots' own counts: the work per request grows with the days asked for and the range of
 * products sold, never with the number of orders.
 */
@Injectable()
export class BusinessDashboard {
  private snapshot: { readonly until: number; readonly products: Map<string, PricedProduct> } = { until: 0, products: new Map() };
  /**
   * Figures summed from rows the counter store returned, kept for as long as it returns the
   * same rows (it does until a counter of the range changes): a repeated view sums nothing.
   */
  private readonly productsOf = keptPerRows(productFigures);
  private readonly aislesOf = keptPerRows(aisleFigures);
  private readonly pickingOf = keptPerRows(pickingFigures);
  /** The last alerts worked out, with what they were worked out from. */
  private lastAlerts?: { readonly from: readonly ProductFigure[]; readonly snapshot: BusinessDashboard['snapshot']; readonly key: string; readonly alerts: StockAlert[] };

  constructor(
    @Inject(DailyCounterStore) private readonly counters: DailyCounterStore,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(SLOT_CAPACITY_PORT) private readonly slotCapacity: SlotCapacityPort,
  ) {}

  async dashboard(range: Partial<DateRange>, limit = 10): Promise<Dashboard> {
    const days = rangeDays(range);
    const previous = previousPeriod(days);
    const [rows, previousRows, slots] = await Promise.all([this.counters.read(days), this.counters.read(previous, 'totals'), this.slotCapacity.slotsBetween(days[0]!, days.at(-1)!)]);
    const products = this.productsOf(rows);
    const [topProducts, stockAlerts] = await Promise.all([this.named(products.slice(0, limit)), this.alerts(products, days.length, limit)]);
    return {
      range: { from: days[0]!, to: days.at(-1)! },
      previous: { from: previous[0]!, to: previous.at(-1)! },
      sales: salesFigures(salesByDay(days, rows), salesByDay(previous, previousRows)),
      topProducts,
      aisles: this.aislesOf(rows),
      stockAlerts,
      slots: { days: slotDays(days, slots) },
      picking: this.pickingOf(rows),
    };
  }

  async sales(range: Partial<DateRange>): Promise<SalesFigures> {
    const days = rangeDays(range);
    const previous = previousPeriod(days);
    const [rows, previousRows] = await Promise.all([this.counters.read(days, 'totals'), this.counters.read(previous, 'totals')]);
    return salesFigures(salesByDay(days, rows), salesByDay(previous, previousRows));
  }

  async topProducts(range: Partial<DateRange>, limit: number): Promise<ProductFigure[]> {
    return this.named(this.productsOf(await this.counters.read(rangeDays(range))).slice(0, limit));
  }

  async aisles(range: Partial<DateRange>): Promise<AisleFigure[]> {
    return this.aislesOf(await this.counters.read(rangeDays(range), 'aisles'));
  }

  async stockAlerts(range: Partial<DateRange>, limit: number): Promise<StockAlert[]> {
    const days = rangeDays(range);
    return this.alerts(this.productsOf(await this.counters.read(days)), days.length, limit);
  }

  async slotUtilisation(range: Partial<DateRange>): Promise<SlotDay[]> {
    const days = rangeDays(range);
    return slotDays(days, await this.slotCapacity.slotsBetween(days[0]!, days.at(-1)!));
  }

  async picking(range: Partial<DateRange>): Promise<PickingFigures> {
    return this.pickingOf(await this.counters.read(rangeDays(range), 'totals'));
  }

  /** The figures with the products' names and aisles from the catalog (a product no longer in it keeps its id). */
  private async named(figures: readonly ProductFigure[]): Promise<ProductFigure[]> {
    if (figures.length === 0) return [];
    const products = await this.products(figures.map((figure) => figure.productId));
    return figures.map((figure) => {
      const product = products.get(figure.productId);
      return product ? { ...figure, name: product.name, category: product.category } : figure;
    });
  }

  /** The products sold in the range with the fewest days of stock left at their pace, fewest first. */
  private async alerts(products: readonly ProductFigure[], dayCount: number, limit: number): Promise<StockAlert[]> {
    // The same figures over the same stock snapshot, still fresh: the same alerts.
    const key = `${dayCount}:${limit}`;
    const last = this.lastAlerts;
    if (last && last.from === products && last.key === key && last.snapshot === this.snapshot && this.snapshot.until > Date.now()) return last.alerts;
    const selling = products.filter((product) => product.units > 0);
    if (selling.length === 0) return [];
    const stock = await this.products(selling.map((product) => product.productId));
    const snapshot = this.snapshot;
    const alerts = selling
      .flatMap((product): StockAlert[] => {
        const current = stock.get(product.productId);
        if (!current) return [];
        const averageDailyUnits = product.units / dayCount;
        return [{ productId: product.productId, name: current.name, category: current.category, stock: current.stock, averageDailyUnits, daysOfCover: current.stock / averageDailyUnits }];
      })
      .sort((a, b) => a.daysOfCover - b.daysOfCover || b.averageDailyUnits - a.averageDailyUnits || a.productId.localeCompare(b.productId))
      .slice(0, limit);
    this.lastAlerts = { from: products, snapshot, key, alerts };
    return alerts;
  }

  /** The catalog's products by id (names, aisles, stock), from the snapshot where it is fresh. */
  private async products(ids: readonly string[]): Promise<ReadonlyMap<string, PricedProduct>> {
    const now = Date.now();
    if (this.snapshot.until <= now) this.snapshot = { until: now + STOCK_SNAPSHOT_MS, products: new Map() };
    const { products } = this.snapshot;
    const missing = ids.filter((id) => !products.has(id));
    if (missing.length > 0) for (const product of await this.catalog.priceProducts(missing)) products.set(product.id, product);
    return products;
  }
}

/** `compute` over rows, once per array of rows (the store's rows are shared and never changed). */
function keptPerRows<T>(compute: (rows: readonly CounterRow[]) => T): (rows: readonly CounterRow[]) => T {
  const kept = new WeakMap<readonly CounterRow[], T>();
  return (rows) => {
    if (!kept.has(rows)) kept.set(rows, compute(rows));
    return kept.get(rows) as T;
  };
}

function salesFigures(days: SalesDay[], previousDays: SalesDay[]): SalesFigures {
  const totals = totalsOf(days);
  const previousTotals = totalsOf(previousDays);
  return {
    days,
    totals,
    previousTotals,
    change: {
      orders: changeOf(totals.orders, previousTotals.orders),
      revenueCents: changeOf(totals.revenueCents, previousTotals.revenueCents),
      averageOrderValueCents: changeOf(totals.averageOrderValueCents, previousTotals.averageOrderValueCents),
    },
  };
}

/** The range's days; by default the 28 days to today (UTC). VALIDATION_FAILED when backwards or longer than a year. */
export function rangeDays(range: Partial<DateRange>, today = new Date().toISOString().slice(0, 10)): string[] {
  const to = range.to ?? (range.from && range.from > today ? range.from : today);
  const from = range.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw invalidField('from', 'from must be on or before to');
  const days = daysBetween(from, to);
  if (days.length > MAX_RANGE_DAYS) throw invalidField('to', `a range is at most ${MAX_RANGE_DAYS} days`);
  return days;
}
