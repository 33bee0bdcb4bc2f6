import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { OrderEvent } from '@gomart/contracts';
import { DynamoTable, InjectTable } from '@gomart/dynamo';
import { IdempotentConsumer, OrderEventConsumers } from '@gomart/events';
import { Metrics } from '@gomart/metrics';
import { MAIL_TRANSPORT, mailFor, type MailTransport } from './mail';
import { NotificationTables } from './notifications.tables';

const KEEP_RECORDS_SECONDS = 30 * 86_400;
/** Longer than any send takes; a claim older than this belongs to a crashed delivery. */
const CLAIM_LEASE_MS = 60_000;

/**
 * Mails the customer about each order event, once per event id, even when the event is
 * delivered twice at the same moment: the delivery that claims the event sends; the other is
 * told to come back, and then finds it sent. A crash after sending and before the record is
 * marked done leaves a claim that expires: the delivery that takes it over first asks the
 * transport whether the mail went out (the local mailbox can tell; with SES the mail may
 * repeat in that window, and is never lost).
 */
@Injectable()
export class OrderNotifier implements OnModuleInit {
  private readonly consumer: IdempotentConsumer;

  constructor(
    @InjectTable(NotificationTables.notifications) table: DynamoTable,
    @Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers,
    @Inject(MAIL_TRANSPORT) private readonly mail: MailTransport,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {
    this.consumer = new IdempotentConsumer(table, { leaseMs: CLAIM_LEASE_MS, keepSeconds: KEEP_RECORDS_SECONDS });
  }

  onModuleInit(): void {
    this.consumers.subscribe('notifications', (event) => this.handle(event));
  }

  async handle(event: OrderEvent): Promise<void> {
    await this.consumer.once(event.eventId, async ({ retried }) => {
      const mail = mailFor(event);
      if (retried && (await this.mail.alreadySent?.(mail))) {
        return { type: event.type, orderId: event.orderId, customerId: event.customerId, subject: mail.subject, recoveredAt: new Date().toISOString() };
      }
      await this.mail.send(mail);
      this.metrics.count('MailsSent');
      return { type: event.type, orderId: event.orderId, customerId: event.customerId, subject: mail.subject, sentAt: new Date().toISOString() };
    });
  }
}
