import { Module } from '@nestjs/common';
import { AuthModule } from '@gomart/auth';
import { ConfigModule } from '@gomart/config';
import { DiscoveryModule } from '@gomart/discovery';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { HealthModule } from '@gomart/health';
import { OrdersModule } from '@gomart/orders';
import { RemoteCatalogModule, RemoteEventBusModule, TransportModule } from '@gomart/transport';

/** The orders service: the catalog and the event consumers are other services, reached over TCP. */
@Module({
  imports: [
    ConfigModule,
    HealthModule,
    DynamoModule,
    AuthModule,
    DiscoveryModule.register({ service: 'orders' }),
    TransportModule,
    RemoteCatalogModule,
    RemoteEventBusModule,
    EventsModule,
    OrdersModule,
  ],
})
export class OrdersAppModule {}
