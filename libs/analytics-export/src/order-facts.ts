import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoConnection, Tables } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';

/**
 * Keeps one fact per order event in the analytics table, the source of the sales exports
 * (in AWS its stream feeds the export bucket that Athena and QuickSight read). The event id
 * is the key: a redelivered event is recorded once.
 */
@Injectable()
export class OrderFacts implements OnModuleInit {
  private readonly table: string;

  constructor(
    @Inject(DynamoConnection) private readonly dynamo: DynamoConnection,
    @Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers,
  ) {
    this.table = dynamo.tableName(Tables.analyticsEvents);
  }

  onModuleInit(): void {
    this.consumers.subscribe('analytics-export', (event) => this.record(event));
  }

  async record(event: OrderEvent): Promise<void> {
    try {
      await this.dynamo.client.send(
        new PutCommand({
          TableName: this.table,
          Item: toFact(event),
          ConditionExpression: 'attribute_not_exists(eventId)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Every fact of one day (UTC), oldest first. */
  async ofDay(day: string): Promise<OrderFact[]> {
    const facts: OrderFact[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.dynamo.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: Tables.analyticsEvents.indexes[0].indexName,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': day },
          ExclusiveStartKey: start,
        }),
      );
      facts.push(...((page.Items ?? []) as OrderFact[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return facts;
  }
}

/** One stored fact: the event's common fields plus what its type carries. */
export interface OrderFact {
  readonly eventId: string;
  readonly type: OrderEvent['type'];
  readonly orderId: string;
  readonly customerId: string;
  readonly occurredAt: string;
  readonly day: string;
  readonly totalCents?: number;
  readonly currency?: string;
  readonly units?: number;
  readonly lines?: readonly { productId: string; quantity: number; unitPriceCents: number }[];
  readonly previousStatus?: string;
  readonly cancelledBy?: string;
  readonly from?: string;
  readonly to?: string;
}

function toFact(event: OrderEvent): Record<string, unknown> {
  const base = {
    eventId: event.eventId,
    type: event.type,
    orderId: event.orderId,
    customerId: event.customerId,
    occurredAt: event.occurredAt,
    day: event.occurredAt.slice(0, 10),
  };
  switch (event.type) {
    case 'OrderPlaced':
      return {
        ...base,
        totalCents: event.totalCents,
        currency: event.currency,
        units: event.lines.reduce((sum, line) => sum + line.quantity, 0),
        lines: event.lines,
      };
    case 'OrderCancelled':
      return { ...base, previousStatus: event.previousStatus, cancelledBy: event.cancelledBy };
    case 'OrderStatusChanged':
      return { ...base, from: event.from, to: event.to };
  }
}
