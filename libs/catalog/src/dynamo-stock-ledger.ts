import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { type ReserveResult, type StockLine, type StockMove } from '@gomart/contracts';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
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
 */
@Injectable()
export class DynamoStockLedger implements StockLedger {
  constructor(@InjectTable(CatalogTables.products) private readonly table: DynamoTable<typeof CatalogTables.products>) {}

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
        }),
        // The condition does not say which part failed: a retried step, a shortage, or stock that came back meanwhile.
        (current): ReserveResult | 'retry' => {
          if (!current) return { reserved: false, available: 0 };
          if ((current.reservations as Record<string, number> | undefined)?.[orderId] !== undefined) return { reserved: true };
          const available = Number(current.stock);
          return available < quantity ? { reserved: false, available } : 'retry';
        },
      );
      if (outcome.applied) return { reserved: true };
      if (outcome.explanation !== 'retry') return outcome.explanation;
    }
    return { reserved: false, available: 0 };
  }

  async move(move: StockMove, line: StockLine): Promise<void> {
    const { set, from } = MOVES[move];
    if (from === 'reservation') {
      // Only the first call finds the reservation; a repeat changes nothing.
      await this.table.conditionally(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { id: line.productId },
          UpdateExpression: `SET ${set} REMOVE reservations.#order`,
          ConditionExpression: 'attribute_exists(reservations.#order)',
          ExpressionAttributeNames: { '#order': line.orderId },
          ExpressionAttributeValues: move === 'hold' ? { ':zero': 0 } : undefined,
        }),
      );
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
      }),
      // Moved before (a retried step): nothing to do. Otherwise the counters disagree with the order.
      (current) => current?.[settledMarker(line.orderId)] !== undefined,
    );
    if (!outcome.applied && !outcome.explanation) {
      throw new Error(`cannot ${move} ${line.quantity} of ${line.productId} for ${line.orderId}: fewer units held`);
    }
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
