import { Inject, Injectable } from '@nestjs/common';
import { SLOT_CAPACITY_PORT, type OrderStatus, type SlotCapacityPort } from '@gomart/contracts';
import type { StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/** What the board shows of one order: enough to choose which to pick next. */
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
  readonly orders: BoardOrder[];
}

export interface OrderBoard {
  readonly day: string;
  readonly zones: { readonly id: string; readonly name: string }[];
  readonly slots: BoardSlot[];
  /** Orders without a delivery slot, placed that day. */
  readonly unscheduled: BoardOrder[];
}

export interface BoardFilter {
  readonly day: string;
  readonly zone?: string;
  /** Default: every status an order can have once placed. */
  readonly statuses?: readonly OrderStatus[];
}

/** What the board shows unless filtered: every placed order, whatever became of it since. */
export const BOARD_STATUSES: readonly OrderStatus[] = ['PLACED', 'PICKING', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED'];

/** A day holds a few hundred orders per store; the board reads at most this many. */
const BOARD_LIMIT = 2_000;

/**
 * The staff's order board: one day's slots with their capacity and their orders. One query on
 * the orders' `byBoardDay` index and one read of the day's slots, whatever the shop's size.
 */
@Injectable()
export class OrderBoardQuery {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(SLOT_CAPACITY_PORT) private readonly slots: SlotCapacityPort,
  ) {}

  async board(filter: BoardFilter): Promise<OrderBoard> {
    const [orders, slots] = await Promise.all([this.orders.listForBoard(filter.day, BOARD_LIMIT), this.slots.slotsBetween(filter.day, filter.day)]);
    const statuses = new Set(filter.statuses?.length ? filter.statuses : BOARD_STATUSES);
    const inZone = (slotId: string) => !filter.zone || slotId.startsWith(`${filter.zone}-`);
    const shown = orders.filter((order) => statuses.has(order.status));
    const zones = new Map(slots.map((slot) => [slot.zoneId, slot.zoneName]));
    const board = new Map<string, BoardSlot>(
      slots
        .filter((slot) => inZone(slot.slotId))
        .map((slot) => [slot.slotId, { id: slot.slotId, zoneId: slot.zoneId, start: slot.start, end: slot.end, capacity: slot.capacity, booked: slot.booked, orders: [] }]),
    );
    const unscheduled: BoardOrder[] = [];
    for (const order of shown) {
      if (!order.slot) {
        if (!filter.zone) unscheduled.push(boardOrder(order));
        continue;
      }
      if (!inZone(order.slot.slotId)) continue;
      // A slot the calendar no longer lists (an old order) still shows, with its order.
      const slot = board.get(order.slot.slotId) ?? orphanSlot(order.slot);
      board.set(slot.id, slot);
      slot.orders.push(boardOrder(order));
    }
    return {
      day: filter.day,
      zones: [...zones].map(([id, name]) => ({ id, name })),
      slots: [...board.values()].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id)),
      unscheduled,
    };
  }
}

function boardOrder(order: StoredOrder): BoardOrder {
  return {
    id: order.id,
    status: order.status,
    customerName: order.deliveryAddress?.name,
    postcode: order.deliveryAddress?.postcode,
    lineCount: order.lines.length,
    unitCount: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    picked: order.lines.filter((line) => line.pick).length,
    totalCents: order.totalCents,
    finalTotalCents: order.finalTotalCents,
    currency: order.currency,
    slotId: order.slot?.slotId,
    createdAt: order.createdAt,
  };
}

function orphanSlot({ slotId, start, end }: NonNullable<StoredOrder['slot']>): BoardSlot {
  return { id: slotId, zoneId: slotId.split('-')[0] ?? '', start, end, capacity: 0, booked: 0, orders: [] };
}
