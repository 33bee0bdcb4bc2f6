import { Inject, Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from '@gomart/dynamo';
import { OrderArchive } from './archive/order-archive.service';
import type { ArchiveEntry } from './archive/archive-index';
import { OrderErrors } from './order.errors';
import { toView, type OrderView, type OrderViewer, type StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';

/** The listing's cursor: the last order's key on the byCustomer index (the same shape a plain index page would give). */
const CURSOR_MODE = 'orders';
const CURSOR_KEYS = ['id', 'customerId', 'customerSortKey'];

type Listed = { readonly sortKey: string; readonly hot?: StoredOrder; readonly archived?: ArchiveEntry };

/**
 * Reading orders: a customer sees their own (another's id is a 404, not a 403); staff see all.
 * Archived orders are part of the history: they are found through the archive index and
 * answered with `archived: true`.
 */
@Injectable()
export class OrderQueries {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(OrderArchive) private readonly archive: OrderArchive,
  ) {}

  /** The customer's orders, hot and archived, newest first (both are sorted by createdAt#id). */
  async list(customerId: string, page: PageRequest): Promise<Page<OrderView>> {
    const before = page.cursor
      ? decodeCursor(CURSOR_MODE, page.cursor, CURSOR_KEYS, (key) => key.customerId === customerId).customerSortKey
      : undefined;
    const [hot, archived] = await Promise.all([
      this.orders.listByCustomerBefore(customerId, before, page.limit),
      this.archive.listByCustomer(customerId, before, page.limit),
    ]);
    const hotIds = new Set(hot.items.map((order) => order.id));
    const merged: Listed[] = [
      ...hot.items.map((order) => ({ sortKey: `${order.createdAt}#${order.id}`, hot: order })),
      // An order being archived is briefly in both: the hot copy is the order.
      ...archived.entries.filter((entry) => !hotIds.has(entry.orderId)).map((entry) => ({ sortKey: `${entry.createdAt}#${entry.orderId}`, archived: entry })),
    ].sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
    const shown = merged.slice(0, page.limit);
    const more = hot.more || archived.more || merged.length > page.limit;
    const archivedViews = new Map(
      (await this.archive.views(shown.flatMap((item) => (item.archived ? [item.archived] : [])))).map((view) => [view.id, view]),
    );
    const items = shown.map((item) => (item.hot ? toView(item.hot) : archivedViews.get(item.archived!.orderId)!));
    const last = shown.at(-1);
    const lastId = last ? (last.hot?.id ?? last.archived!.orderId) : undefined;
    return {
      items,
      nextCursor: more && last && lastId ? encodeCursor(CURSOR_MODE, { id: lastId, customerId, customerSortKey: last.sortKey }) : null,
    };
  }

  async get(viewer: OrderViewer, id: string): Promise<OrderView> {
    const hot = await this.orders.get(id);
    if (hot) return toView(this.check(viewer, id, hot));
    const archived = await this.archive.find(id);
    if (!archived) throw OrderErrors.notFound(id);
    return { ...toView(this.check(viewer, id, archived.order)), archived: true };
  }

  /** The stored (hot) order if `viewer` may see it; ORDER_NOT_FOUND otherwise. */
  async visible(viewer: OrderViewer, id: string): Promise<StoredOrder> {
    return this.check(viewer, id, await this.orders.get(id));
  }

  private check(viewer: OrderViewer, id: string, order: StoredOrder | undefined): StoredOrder {
    if (!order || (order.customerId !== viewer.customerId && !viewer.staff)) throw OrderErrors.notFound(id);
    return order;
  }
}
