import { Module } from '@nestjs/common';
import { SqsEventsListenerModule, TcpEventsListenerModule } from '@gomart/events';
import { NotificationsModule } from '@gomart/notifications';
import { PlatformModule } from '@gomart/platform';

/** The notifications service: receives order events (TCP locally, SQS in AWS), mails customers. */
@Module({
  imports: [PlatformModule.with({ discovery: true }), NotificationsModule, TcpEventsListenerModule, SqsEventsListenerModule],
})
export class NotificationsAppModule {}
