import { Inject, Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '@gomart/dynamo';
import { OrderErrors } from './order.errors';
import { toView, type OrderView, type OrderViewer, type StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/** Reading orders: a customer sees their own (another's id is a 404, not a 403); staff see all. */
@Injectable()
export class OrderQueries {
  constructor(@Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository) {}

  /** The customer's orders, newest first. */
  async list(customerId: string, page: PageRequest): Promise<Page<OrderView>> {
    const { items, nextCursor } = await this.orders.listByCustomer(customerId, page);
    return { items: items.map(toView), nextCursor };
  }

  async get(viewer: OrderViewer, id: string): Promise<OrderView> {
    return toView(await this.visible(viewer, id));
  }

  /** The stored order if `viewer` may see it; ORDER_NOT_FOUND otherwise. */
  async visible(viewer: OrderViewer, id: string): Promise<StoredOrder> {
    const order = await this.orders.get(id);
    if (!order || (order.customerId !== viewer.customerId && !viewer.staff)) throw OrderErrors.notFound(id);
    return order;
  }
}
