import { Module } from '@nestjs/common';
import { ConfigModule } from '@gomart/config';
import { DiscoveryModule } from '@gomart/discovery';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { HealthModule } from '@gomart/health';
import { NotificationsModule } from '@gomart/notifications';

/** The notifications service: receives order events, mails customers. */
@Module({
  imports: [
    ConfigModule,
    HealthModule,
    DynamoModule,
    DiscoveryModule.register({ service: 'notifications' }),
    EventsModule,
    NotificationsModule,
  ],
})
export class NotificationsAppModule {}
