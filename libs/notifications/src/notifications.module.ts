import { Module } from '@nestjs/common';
import { adapterProviders } from '@gomart/config';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { MAIL_TRANSPORT } from './mail';
import { NotificationTables } from './notifications.tables';
import { OrderNotifier } from './order-notifier';
import { OutboxMailTransport } from './outbox-mail.transport';
import { SesMailTransport } from './ses-mail.transport';

/** Order notifications by mail. Consumes order events from whatever delivers them in this shape. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(NotificationTables)), EventsModule],
  providers: [
    OrderNotifier,
    ...adapterProviders(MAIL_TRANSPORT, (config) => config.mail.transport, { outbox: OutboxMailTransport, ses: SesMailTransport }),
  ],
})
export class NotificationsModule {}
