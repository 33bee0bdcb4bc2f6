import { Module } from '@nestjs/common';
import { FulfilmentHttpModule, FulfilmentModule, FulfilmentRpcModule } from '@gomart/fulfilment';
import { OrdersHttpModule, OrdersModule } from '@gomart/orders';
import { PlatformModule } from '@gomart/platform';
import { RemoteCatalogModule, RemoteEventBusModule } from '@gomart/transport';

/** The catalog and the event consumers are other services, reached over TCP (or SNS). */
const orders = OrdersModule.register({ catalog: RemoteCatalogModule, events: RemoteEventBusModule, fulfilment: FulfilmentModule });

/** The orders service. */
@Module({
  imports: [PlatformModule.with({ auth: true, discovery: true }), FulfilmentModule, FulfilmentHttpModule, FulfilmentRpcModule, orders, OrdersHttpModule.over(orders)],
})
export class OrdersAppModule {}
