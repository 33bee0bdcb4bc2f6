import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ReadThroughCache } from '@gomart/cache';
import { type ReserveResult, type StockLine, type StockMove } from '@gomart/contracts';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
import { Metrics } from '@gomart/metrics';
import { CatalogCacheKeys } from './catalog.cache-keys';
import { CatalogTables } from './catalog.tables';
import type { StockLedger } from './stock-ledger';

/** What each move does to the product's counters, as one SET clause. */
const MOVES: Readonly<Record<StockMove, { readonly set: string; readonly from: 'reservation' | 'held' }>> = {
  hold: { set: 'held = if_not_exists(held, :zero) + reservations.#order', from: 'reservation' },
  release: { set: 'stock = stock + reservations.#order', from: 'reservation' },
  restock: { set: 'held = held - :quantity, stock = if_not_exists(stock, :zero) + :quantity', from: 'held' },
  sell: { set: 'held = held - :quantity, sold = if_not_exists(sold, :zero) + :quantity', from: 'held' },
};

/** A reservation lost to a concurrent write is tried again this many times before reporting a shortage. */
const RESERVE_ATTEMPTS = 3;

/**
 * The stock ledger on the product items. A reservation lives on the product only while its
 * placement is being decided (`reservations.<orderId>`): `hold` moves it into the `held`
 * total, so the item does not grow with open orders. Moves out of `held` leave a marker
 * (`settled:<orderId>`) that makes a repeat a no-op until the order has recorded the move.
 *
 * Stock that orders move is not invalidated in the cache (it changes on every order at peak),
 * except when a product sells out or comes back: then every instance hears of it, so shoppers
 * stop seeing "in stock" on a product that has none, and the search's in-stock filter follows.
 */
@Injectable()
export class DynamoStockLedger implements StockLedger {
  private readonly logger = new Logger('Stock');

  constructor(
    @InjectTable(CatalogTables.products) private readonly table: DynamoTable<typeof CatalogTables.products>,
    @Inject(ReadThroughCache) private readonly cache: ReadThroughCache,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async reserve({ productId, orderId, quantity }: StockLine): Promise<ReserveResult> {
    for (let attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
      const outcome = await this.table.writeOrExplain(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { id: productId },
          UpdateExpression: 'SET stock = stock - :quantity, reservations.#order = :quantity',
          ConditionExpression: 'attribute_exists(id) AND stock >= :quantity AND attribute_not_exists(reservations.#order)',
          ExpressionAttributeNames: { '#order': orderId },
          ExpressionAttributeValues: { ':quantity': quantity },
          ReturnValues: 'UPDATED_OLD',
        }),
        // The condition does not say which part failed: a retried step, a shortage, or stock that came back meanwhile.
        (current): ReserveResult | 'retry' => {
          if (!current) return { reserved: false, available: 0 };
          if ((current.reservations as Record<string, number> | undefined)?.[orderId] !== undefined) return { reserved: true };
          const available = Number(current.stock);
          return available < quantity ? { reserved: false, available } : 'retry';
        },
      );
      if (outcome.applied) {
        if (Number(outcome.item.stock) === quantity) this.announce(productId, 'sold out');
        return { reserved: true };
      }
      if (outcome.explanation !== 'retry') return outcome.explanation;
      this.metrics.count('StockReservationConflicts');
    }
    return { reserved: false, available: 0 };
  }

  async move(move: StockMove, line: StockLine): Promise<void> {
    const { set, from } = MOVES[move];
    if (from === 'reservation') {
      // Only the first call finds the reservation; a repeat changes nothing.
      const outcome = await this.table.writeOrExplain(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { id: line.productId },
          UpdateExpression: `SET ${set} REMOVE reservations.#order`,
          ConditionExpression: 'attribute_exists(reservations.#order)',
          ExpressionAttributeNames: { '#order': line.orderId },
          ExpressionAttributeValues: move === 'hold' ? { ':zero': 0 } : undefined,
          ReturnValues: 'UPDATED_OLD',
        }),
        () => undefined,
      );
      if (outcome.applied && move === 'release' && Number(outcome.item.stock) === 0) this.announce(line.productId, 'back in stock');
      return;
    }
    const outcome = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id: line.productId },
        UpdateExpression: `SET ${set}, #marker = :move`,
        ConditionExpression: 'attribute_not_exists(#marker) AND held >= :quantity',
        ExpressionAttributeNames: { '#marker': settledMarker(line.orderId) },
        ExpressionAttributeValues: { ':quantity': line.quantity, ':move': move, ':zero': 0 },
        ReturnValues: 'UPDATED_OLD',
      }),
      // Moved before (a retried step): nothing to do. Otherwise the counters disagree with the order.
      (current) => current?.[settledMarker(line.orderId)] !== undefined,
    );
    if (!outcome.applied && !outcome.explanation) {
      throw new Error(`cannot ${move} ${line.quantity} of ${line.productId} for ${line.orderId}: fewer units held`);
    }
    if (outcome.applied && move === 'restock' && Number(outcome.item.stock ?? 0) === 0) this.announce(line.productId, 'back in stock');
  }

  /** Tells every instance that the product's availability changed (best effort: the cache's TTL bounds the rest). */
  private announce(productId: string, change: string): void {
    this.logger.debug(`${productId} ${change}`);
    void this.cache.invalidate({ keys: [CatalogCacheKeys.product(productId)] }).catch(() => undefined);
  }

  async clearMarker({ productId, orderId }: Pick<StockLine, 'productId' | 'orderId'>): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id: productId },
        UpdateExpression: 'REMOVE #marker',
        ExpressionAttributeNames: { '#marker': settledMarker(orderId) },
      }),
    );
  }
}

/** Marks on the product that an order's held units were moved, so a retried move is a no-op. */
function settledMarker(orderId: string): string {
  return `settled:${orderId}`;
}
