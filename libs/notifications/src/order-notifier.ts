import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoConnection, Tables } from '@gomart/dynamo';
import { OrderEventConsumers } from '@gomart/events';
import { MAIL_TRANSPORT, mailFor, type MailTransport } from './mail';

const KEEP_RECORDS_DAYS = 30;

/**
 * Mails the customer about each order event, once per event id: a redelivered event whose
 * mail was sent is skipped. The record is written after sending, so a crash in between
 * resends (a notification may repeat, it is never lost).
 */
@Injectable()
export class OrderNotifier implements OnModuleInit {
  private readonly table: string;

  constructor(
    @Inject(DynamoConnection) private readonly dynamo: DynamoConnection,
    @Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
  ) {
    this.table = dynamo.tableName(Tables.notifications);
  }

  onModuleInit(): void {
    this.consumers.subscribe('notifications', (event) => this.handle(event));
  }

  async handle(event: OrderEvent): Promise<void> {
    const { Item } = await this.dynamo.client.send(
      new GetCommand({ TableName: this.table, Key: { eventId: event.eventId }, ConsistentRead: true }),
    );
    if (Item) return;
    await this.mail.send(mailFor(event));
    const now = Date.now();
    await this.dynamo.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          eventId: event.eventId,
          type: event.type,
          orderId: event.orderId,
          customerId: event.customerId,
          sentAt: new Date(now).toISOString(),
          expiresAt: Math.floor(now / 1000) + KEEP_RECORDS_DAYS * 86_400,
        },
      }),
    );
  }
}
