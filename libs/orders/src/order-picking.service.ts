import { Inject, Injectable } from '@nestjs/common';
import { CATALOG_PORT, type CatalogPort, type PickResult, type PricedProduct } from '@gomart/contracts';
import { OrderErrors } from './order.errors';
import { substituteKey } from './order-work';
import { OrderQueries } from './order-queries.service';
import { toView, type LinePick, type OrderView, type StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';
import { checkPick, pickedCents } from './pick-pricing';

export interface PickRequest {
  readonly result: PickResult;
  readonly grams?: number;
  readonly substituteProductId?: string;
}

/**
 * Picking, line by line, while an order is PICKING: as ordered (with the weight of a weighed
 * item), substituted (the substitute's units reserved for the order at once, so the picker
 * learns now if there are none), or not available. Each line is recorded once: a second
 * picker on the same line gets 409 LINE_ALREADY_PICKED with the first one's pick, never a
 * lost update. Stock follows what was picked when the order leaves PICKING.
 */
@Injectable()
export class OrderPicking {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(OrderQueries) private readonly queries: OrderQueries,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
  ) {}

  async record(staffId: string, orderId: string, productId: string, request: PickRequest): Promise<OrderView> {
    const order = await this.queries.visible({ customerId: staffId, staff: true }, orderId);
    const index = order.lines.findIndex((line) => line.productId === productId);
    const line = order.lines[index];
    if (!line) throw OrderErrors.lineNotFound(orderId, productId);
    if (order.status !== 'PICKING') throw OrderErrors.pickNotRecordable(orderId, order.status);
    if (line.pick) throw OrderErrors.lineAlreadyPicked(orderId, productId, line.pick);

    const substitute = request.result === 'substituted' ? await this.substituteFor(order, index, request) : undefined;
    const pick = { result: request.result, grams: request.grams, substitute };
    checkPick(line, pick);
    const key = { productId: substitute?.id ?? '', orderId: substituteKey(order.id, index), quantity: line.quantity };
    if (substitute) {
      const reserved = await this.catalog.reserve(key);
      if (!reserved.reserved) {
        throw OrderErrors.substituteUnavailable([{ productId, substitute: substitute.id, problem: `only ${reserved.available} available` }]);
      }
    }
    const now = new Date().toISOString();
    const recorded: LinePick = {
      result: request.result,
      ...(request.grams !== undefined ? { grams: request.grams } : {}),
      ...(substitute ? { substituteProductId: substitute.id, substituteSku: substitute.sku, substituteName: substitute.name } : {}),
      finalCents: pickedCents(line, pick),
      pickedBy: staffId,
      pickedAt: now,
    };
    const updated = await this.orders.recordPick(order.id, index, recorded, now);
    if (updated) return toView(updated);
    // Someone was quicker, or the order moved on: give back what this pick reserved, and say so.
    if (substitute) await this.catalog.move('release', key);
    const current = await this.queries.visible({ customerId: staffId, staff: true }, orderId);
    const currentPick = current.lines[index]?.pick;
    if (currentPick) throw OrderErrors.lineAlreadyPicked(orderId, productId, currentPick);
    throw OrderErrors.pickNotRecordable(orderId, current.status);
  }

  private async substituteFor(order: StoredOrder, index: number, request: PickRequest): Promise<PricedProduct> {
    const line = order.lines[index]!;
    const id = request.substituteProductId;
    if (!id) throw OrderErrors.invalidPick('substituteProductId', 'substituteProductId is required for a substituted line');
    if (line.substitute === 'none') {
      throw OrderErrors.substituteUnavailable([{ productId: line.productId, substitute: id, problem: 'the customer accepts no substitute' }]);
    }
    const [product] = id === line.productId ? [] : await this.catalog.priceProducts([id]);
    if (!product) throw OrderErrors.substituteUnavailable([{ productId: line.productId, substitute: id, problem: 'no such product' }]);
    return product;
  }
}
