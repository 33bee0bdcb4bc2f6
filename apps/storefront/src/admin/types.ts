/**
 * What the back office reads from the API besides the storefront's shapes (../shared/api/types):
 * the order board, an order as staff see it, and the business dashboard. Money in integer cents,
 * weights in grams, days as YYYY-MM-DD.
 */
import type { Order, OrderLine, OrderStatus, PickedLine, SoldBy } from '../shared/api/types';

/** One order on the board: enough to choose which to pick next. */
export interface BoardOrder {
  readonly id: string;
  readonly status: OrderStatus;
  readonly customerName?: string;
  readonly postcode?: string;
  readonly lineCount: number;
  readonly unitCount: number;
  /** Lines recorded as picked, substituted or not available. */
  readonly picked: number;
  readonly totalCents: number;
  readonly finalTotalCents?: number;
  readonly currency: string;
  readonly slotId?: string;
  readonly createdAt: string;
}

export interface BoardSlot {
  readonly id: string;
  readonly zoneId: string;
  readonly start: string;
  readonly end: string;
  readonly capacity: number;
  readonly booked: number;
  readonly orders: readonly BoardOrder[];
}

export interface OrderBoard {
  readonly day: string;
  readonly zones: readonly { readonly id: string; readonly name: string }[];
  readonly slots: readonly BoardSlot[];
  /** Orders without a delivery slot, placed that day. */
  readonly unscheduled: readonly BoardOrder[];
}

export interface BoardQuery {
  readonly day: string;
  readonly zone?: string;
  /** Empty: every status. */
  readonly statuses: readonly OrderStatus[];
}

export type PickResult = PickedLine['result'];

export interface PickBody {
  readonly result: PickResult;
  readonly grams?: number;
  readonly substituteProductId?: string;
}

export interface StaffPick extends PickedLine {
  /** Who recorded it (their `sub`). */
  readonly pickedBy: string;
  readonly pickedAt: string;
}

export interface StaffOrderLine extends Omit<OrderLine, 'picked' | 'substitute' | 'soldBy'> {
  readonly category: string;
  readonly soldBy: SoldBy;
  /** The most the line can cost: its estimate, plus the weight buffer for a weighed item. */
  readonly authorisedCents: number;
  /** `none`, `similar`, or the id of the product the customer accepts instead. */
  readonly substitute: string;
  readonly picked?: StaffPick;
}

export interface StaffOrder extends Omit<Order, 'lines'> {
  readonly lines: readonly StaffOrderLine[];
  readonly subtotalCents: number;
  readonly deliveryFeeCents: number;
  readonly authorisedCents: number;
}

export interface DateRange {
  readonly from: string;
  readonly to: string;
}

export interface SalesTotals {
  readonly orders: number;
  readonly revenueCents: number;
  readonly averageOrderValueCents: number;
}

export interface SalesDay extends SalesTotals {
  readonly day: string;
}

/** Fractions against the previous period (0.12 = +12 %); null when it had nothing. */
export type SalesChange = { readonly [K in keyof SalesTotals]: number | null };

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

export interface StockAlert {
  readonly productId: string;
  readonly name: string;
  readonly category: string;
  readonly stock: number;
  readonly averageDailyUnits: number;
  readonly daysOfCover: number;
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

export interface Dashboard {
  readonly range: DateRange;
  /** The period of the same length just before. */
  readonly previous: DateRange;
  readonly sales: {
    readonly days: readonly SalesDay[];
    readonly totals: SalesTotals;
    readonly previousTotals: SalesTotals;
    readonly change: SalesChange;
  };
  readonly topProducts: readonly ProductFigure[];
  readonly aisles: readonly AisleFigure[];
  readonly stockAlerts: readonly StockAlert[];
  readonly slots: { readonly days: readonly SlotDay[] };
  readonly picking: PickingFigures;
}

/** The dashboard's figures that also download as CSV (`/analytics/<figure>?format=csv`). */
export type CsvFigure = 'sales-by-day' | 'top-products' | 'aisles' | 'stock-alerts' | 'slot-utilisation' | 'picking';
