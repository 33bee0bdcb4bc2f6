import { Module } from '@nestjs/common';
import { AnalyticsExportModule } from '@gomart/analytics-export';
import { AuthModule } from '@gomart/auth';
import { CacheModule } from '@gomart/cache';
import { CatalogModule } from '@gomart/catalog';
import { ConfigModule } from '@gomart/config';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule, InProcessEventBusModule } from '@gomart/events';
import { HealthModule } from '@gomart/health';
import { NotificationsModule } from '@gomart/notifications';
import { OrdersModule } from '@gomart/orders';

/** The monolith: every domain module in one process, on embedded defaults. */
@Module({
  imports: [
    ConfigModule,
    HealthModule,
    DynamoModule,
    CacheModule,
    AuthModule,
    EventsModule,
    InProcessEventBusModule,
    CatalogModule,
    OrdersModule,
    NotificationsModule,
    AnalyticsExportModule,
  ],
})
export class GomartModule {}
