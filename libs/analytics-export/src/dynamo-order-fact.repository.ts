import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
import { IdempotentConsumer } from '@gomart/events';
import { z } from 'zod';
import { AnalyticsTables } from './analytics.tables';
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
  lines: z
    .array(
      z.object({
        productId: z.string(),
        category: z.string().optional(),
        quantity: z.number(),
        unitPriceCents: z.number().optional(),
        lineTotalCents: z.number().optional(),
        result: z.string().optional(),
        finalCents: z.number().optional(),
        substituteProductId: z.string().optional(),
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

/** Facts in the analytics table, recorded through the shared idempotent-consumer claim. */
@Injectable()
export class DynamoOrderFactRepository implements OrderFactRepository {
  private readonly consumer: IdempotentConsumer;

  constructor(@InjectTable(AnalyticsTables.analyticsEvents) private readonly table: DynamoTable<typeof AnalyticsTables.analyticsEvents>) {
    this.consumer = new IdempotentConsumer(table, { leaseMs: CLAIM_LEASE_MS });
  }

  async record(event: OrderEvent): Promise<void> {
    await this.consumer.once(event.eventId, async () => ({ ...toFact(event) }));
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
