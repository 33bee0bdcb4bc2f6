import { Inject, Injectable } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { toView, type LegalHold, type OrderView, type StoredOrder } from '../order';
import { OrderErrors } from '../order.errors';
import type { OrderRepository } from '../order.repository';
import { ARCHIVE_STORE, ORDER_REPOSITORY } from '../orders.tokens';
import { ArchiveIndex, type ArchiveEntry } from './archive-index';
import { decodeMember, openRecord } from './archive-record';
import type { ArchiveStore } from './archive-store';

const READS_IN_FLIGHT = 8;

/** What an erasure did. */
export interface ErasureResult {
  readonly customerId: string;
  /** Hot orders whose address and e-mail were removed. */
  readonly hotOrders: number;
  /** Archived orders whose sealed personal data can no longer be read (their key was destroyed). */
  readonly archivedOrders: number;
  /** Orders under legal hold: kept as they are until the hold is lifted. */
  readonly held: readonly string[];
}

export interface LegalHoldView {
  readonly orderId: string;
  readonly legalHold: LegalHold | null;
}

/**
 * The archive as the rest of the orders domain sees it: archived orders found through the
 * index and read by their byte range (one small ranged GET each), restored to the hot table,
 * put on legal hold, and erased of personal data on request.
 */
@Injectable()
export class OrderArchive {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(ArchiveIndex) private readonly index: ArchiveIndex,
    @Inject(ARCHIVE_STORE) private readonly store: ArchiveStore,
  ) {}

  /** The archived order with this id, as it was archived (personal data only while its key exists). */
  async find(orderId: string): Promise<{ entry: ArchiveEntry; order: StoredOrder } | undefined> {
    const entry = await this.index.find(orderId);
    return entry ? { entry, order: await this.read(entry) } : undefined;
  }

  /** A customer's archived orders newest first, strictly before `before` (`createdAt#id`). */
  async listByCustomer(customerId: string, before: string | undefined, limit: number): Promise<{ entries: ArchiveEntry[]; more: boolean }> {
    return this.index.listByCustomer(customerId, before, limit);
  }

  async views(entries: readonly ArchiveEntry[]): Promise<OrderView[]> {
    return mapConcurrently(entries, READS_IN_FLIGHT, async (entry) => archivedView(await this.read(entry)));
  }

  /** Brings an archived order back into the hot table, as it was; its archive copy stays (locked) but is no longer indexed. */
  async restore(orderId: string, now = new Date()): Promise<OrderView> {
    const found = await this.find(orderId);
    if (!found) {
      if (await this.orders.get(orderId)) throw OrderErrors.notArchived(orderId);
      throw OrderErrors.notFound(orderId);
    }
    // Already hot (a restore that died before unindexing): the hot copy is the order.
    await this.orders.reinstate(found.order, now.toISOString());
    await this.index.unindex(found.entry);
    const hot = await this.orders.get(orderId);
    return toView(hot ?? found.order);
  }

  /** Puts an order on legal hold (an archived one is restored first: a held order is never archived). */
  async hold(orderId: string, reason: string, by: string, now = new Date()): Promise<LegalHoldView> {
    if (!(await this.orders.get(orderId))) {
      if (!(await this.index.find(orderId))) throw OrderErrors.notFound(orderId);
      await this.restore(orderId, now);
    }
    const held = await this.orders.setLegalHold(orderId, { reason, by, at: now.toISOString() });
    if (!held) throw OrderErrors.notFound(orderId);
    return { orderId, legalHold: held.legalHold ?? null };
  }

  async release(orderId: string): Promise<LegalHoldView> {
    const order = await this.orders.setLegalHold(orderId, undefined);
    if (!order) throw OrderErrors.notFound(orderId);
    return { orderId, legalHold: null };
  }

  /**
   * Erases a customer's personal data (delivery address with its name, e-mail): removed from
   * every hot order that is not on legal hold, and made unreadable in the archive by
   * destroying the key it is sealed with. Sales facts and the orders themselves (lines,
   * totals, statuses) stay.
   */
  async erase(customerId: string, now = new Date()): Promise<ErasureResult> {
    const at = now.toISOString();
    await this.index.destroySealingKey(customerId, at);
    let hotOrders = 0;
    const held: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.orders.listByCustomerBefore(customerId, before, 100);
      for (const order of page.items) {
        if (order.legalHold) held.push(order.id);
        else if (order.deliveryAddress !== undefined || order.email !== undefined) {
          if (await this.orders.erasePersonalData(order.id, at)) hotOrders += 1;
        }
      }
      const last = page.items.at(-1);
      if (!page.more || !last) break;
      before = `${last.createdAt}#${last.id}`;
    }
    const archivedOrders = (await this.index.allOfCustomer(customerId)).length;
    return { customerId, hotOrders, archivedOrders, held };
  }

  private async read(entry: ArchiveEntry): Promise<StoredOrder> {
    const member = await this.store.get(entry.key, { offset: entry.offset, length: entry.length });
    if (!member) throw new Error(`archive object ${entry.key} is missing (order ${entry.orderId})`);
    const record = decodeMember(member);
    if (record.order.id !== entry.orderId) throw new Error(`archive object ${entry.key}: bytes at ${entry.offset} are not order ${entry.orderId}`);
    return openRecord(record, await this.index.sealingKey(entry.customerId));
  }
}

export function archivedView(order: StoredOrder): OrderView {
  return { ...toView(order), archived: true };
}
