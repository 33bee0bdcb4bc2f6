import { Module } from '@nestjs/common';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { MAIL_TRANSPORT } from './mail';
import { OrderNotifier } from './order-notifier';
import { OutboxMailTransport } from './outbox-mail.transport';

/** Order notifications by mail. Consumes order events from whatever delivers them in this shape. */
@Module({
  imports: [DynamoModule.forFeature([Tables.notifications])],
  providers: [OrderNotifier, OutboxMailTransport, { provide: MAIL_TRANSPORT, useExisting: OutboxMailTransport }],
})
export class NotificationsModule {}
