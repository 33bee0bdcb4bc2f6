import { Inject, Injectable } from '@nestjs/common';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
import { IdempotentConsumer } from '@gomart/events';
import { z } from 'zod';
import { basketOf, type Basket } from './basket';
import { RecommendationStore } from './recommendation.store';
import { RecommendationTables } from './recommendations.tables';

const CLAIM_LEASE_MS = 60_000;

const storedBasket = z.object({
  eventId: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  placedAt: z.string(),
  lines: z.array(z.object({ productId: z.string(), aisle: z.string().optional() })),
});

/**
 * The baskets counted, one item per order event, recorded through the shared idempotent
 * consumer claim; the same claim covers the basket's increments, so an event delivered twice
 * (even at once) counts once. (A crash between the increments and the record re-applies them
 * when the claim expires: at least once, as the analytics counters; `npm run
 * recommendations:rebuild` recomputes them exactly from this log.)
 */
@Injectable()
export class BasketLog {
  private readonly consumer: IdempotentConsumer;

  constructor(
    @InjectTable(RecommendationTables.recommendationBaskets) private readonly table: DynamoTable<typeof RecommendationTables.recommendationBaskets>,
    @Inject(RecommendationStore) private readonly store: RecommendationStore,
  ) {
    this.consumer = new IdempotentConsumer(table, { leaseMs: CLAIM_LEASE_MS });
  }

  /** Counts the event's basket once; events that carry none (see `basketOf`) are not recorded. */
  async record(event: OrderEvent): Promise<void> {
    const basket = basketOf(event);
    if (!basket) return;
    await this.consumer.once(event.eventId, async () => {
      await this.store.add(basket);
      const { eventId: _key, ...fields } = basket;
      return { ...fields, lines: fields.lines.map((line) => ({ ...line })) };
    });
  }

  /** How many baskets are recorded (the rebuild's progress). */
  count(): Promise<number> {
    return this.consumer.countDone();
  }

  /** Every recorded basket, a page at a time (the rebuild): one page in memory at once. */
  async *all(pageSize = 500): AsyncGenerator<Basket[]> {
    for await (const records of this.consumer.doneRecords(pageSize)) yield records.map((item) => storedBasket.parse(item));
  }
}
