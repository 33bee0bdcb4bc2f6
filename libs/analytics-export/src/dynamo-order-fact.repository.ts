import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable } from '@nestjs/common';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
import { IdempotentConsumer } from '@gomart/events';
import { z } from 'zod';
import { AnalyticsTables } from './analytics.tables';
import { DailyCounterStore } from './daily-counter.store';
import { incrementsFor } from './daily-counters';
import { toFact, type OrderFact } from './order-fact';
import type { OrderFactRepository } from './order-fact.repository';

const CLAIM_LEASE_MS = 60_000;

const storedFact = z.object({
  eventId: z.string(),
  type: z.enum(['OrderPlaced', 'OrderPicked', 'OrderCancelled', 'OrderStatusChanged']),
  orderId: z.string(),
  customerId: z.string(),
  occurredAt: z.string(),
  day: z.string(),
  totalCents: z.number().optional(),
  currency: z.string().optional(),
  units: z.number().optional(),
  placedAt: z.string().optional(),
  estimatedTotalCents: z.number().optional(),
  lines: z
    .array(
      z.object({
        productId: z.string(),
        name: z.string().optional(),
        category: z.string().optional(),
        quantity: z.number(),
        unitPriceCents: z.number().optional(),
        cents: z.number(),
        estimatedCents: z.number().optional(),
        result: z.string().optional(),
        substituteProductId: z.string().optional(),
        substituteName: z.string().optional(),
      }),
    )
    .optional(),
  deliveryFeeCents: z.number().optional(),
  slotId: z.string().optional(),
  slotStart: z.string().optional(),
  finalTotalCents: z.number().optional(),
  substitutions: z.number().optional(),
  shortPicks: z.number().optional(),
  previousStatus: z.string().optional(),
  cancelledBy: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

/**
 * Facts in the analytics table, recorded through the shared idempotent-consumer claim; the
 * same claim covers the fact's daily counters, so an event delivered twice (even at once)
 * counts once. (A crash between the counters and the record re-applies the counters when the
 * claim expires: at least once, as mail; `npm run analytics:backfill` recomputes them exactly.)
 */
@Injectable()
export class DynamoOrderFactRepository implements OrderFactRepository {
  private readonly consumer: IdempotentConsumer;

  constructor(
    @InjectTable(AnalyticsTables.analyticsEvents) private readonly table: DynamoTable<typeof AnalyticsTables.analyticsEvents>,
    @Inject(DailyCounterStore) private readonly counters: DailyCounterStore,
  ) {
    this.consumer = new IdempotentConsumer(table, { leaseMs: CLAIM_LEASE_MS });
  }

  async record(event: OrderEvent): Promise<void> {
    await this.consumer.once(event.eventId, async () => {
      const fact = toFact(event);
      await this.counters.apply(incrementsFor(fact));
      return { ...fact };
    });
  }

  count(): Promise<number> {
    return this.consumer.countDone();
  }

  async *all(pageSize = 500): AsyncGenerator<OrderFact[]> {
    for await (const records of this.consumer.doneRecords(pageSize)) yield records.map((item) => storedFact.parse(item));
  }

  async ofDay(day: string): Promise<OrderFact[]> {
    const facts: OrderFact[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: 'byDay',
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
          ExclusiveStartKey: start,
        }),
      );
      facts.push(...(page.Items ?? []).map((item) => storedFact.parse(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return facts;
  }
}
