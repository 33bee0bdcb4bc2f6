import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
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
export class OrderFactsRecorder implements OnModuleInit {
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
