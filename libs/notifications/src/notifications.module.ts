import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { MAIL_TRANSPORT, type MailTransport } from './mail';
import { OrderNotifier } from './order-notifier';
import { OutboxMailTransport } from './outbox-mail.transport';
import { SesMailTransport } from './ses-mail.transport';

/** Order notifications by mail. Consumes order events from whatever delivers them in this shape. */
@Module({
  imports: [DynamoModule.forFeature([Tables.notifications])],
  providers: [
    OrderNotifier,
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport =>
        config.mail.transport === 'ses' ? new SesMailTransport(config) : new OutboxMailTransport(config),
    },
  ],
})
export class NotificationsModule {}
