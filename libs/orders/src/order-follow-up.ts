import { Inject, Injectable, Logger } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { CATALOG_PORT, MARKED_MOVES, STOCK_MOVES, type CatalogPort, type StockLine } from '@gomart/contracts';
import type { StoredOrder } from './order';
import type { OrderRepository } from './order.repository';
import { ORDER_REPOSITORY } from './orders.tokens';
import { OutboxRelay } from './outbox-relay';

/** Stock calls in flight at once per order: a 50-line basket is not 50 sequential round trips. */
export const LINE_CONCURRENCY = 8;

/**
 * Finishes what a decision or a transition left to do: the stock moves it recorded on the
 * order (in the ledger's order: hold, release, restock, sell), then the events in its outbox.
 * Each move is applied to every line exactly once: the order keeps the move until it is done;
 * a move out of `held` leaves a marker on each product that is dropped only after the order
 * recorded the move, so a retry between the two finds the marker. Never throws: what is not
 * done now is left for the sweeper.
 */
@Injectable()
export class OrderFollowUp {
  private readonly logger = new Logger('Orders');

  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(CATALOG_PORT) private readonly catalog: CatalogPort,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async complete(order: StoredOrder): Promise<void> {
    try {
      for (const move of STOCK_MOVES.filter((candidate) => order.stockMoves[candidate])) {
        await forEachLine(order, (line) => this.catalog.move(move, line));
        await this.orders.stockMoveDone(order.id, move);
        if (MARKED_MOVES.includes(move)) {
          await forEachLine(order, (line) => this.catalog.clearMarker(line)).catch((error: unknown) => {
            this.logger.warn(`markers of ${order.id} left on products: ${describe(error)}`);
          });
        }
      }
      await this.relay.publish(order);
    } catch (error) {
      this.logger.warn(`work on ${order.id} left to the sweeper: ${describe(error)}`);
    }
  }
}

/** Runs `apply` for every line of the order, a few at a time. */
export async function forEachLine(order: StoredOrder, apply: (line: StockLine) => Promise<unknown>): Promise<void> {
  await mapConcurrently(order.lines, LINE_CONCURRENCY, (line) =>
    apply({ productId: line.productId, orderId: order.id, quantity: line.quantity }),
  );
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
