import { Global, Module } from '@nestjs/common';
import { CATALOG_PORT, EVENT_BUS } from '@gomart/contracts';
import { RemoteCatalogAdapter } from './remote-catalog.adapter';
import { ServiceClients } from './service-clients';
import { TcpEventBus } from './tcp-event-bus';

/** Calls to other services over TCP; needs a DiscoveryModule in the app. */
@Global()
@Module({ providers: [ServiceClients], exports: [ServiceClients] })
export class TransportModule {}

/** CATALOG_PORT bound to the catalog service over TCP (split orders service). */
@Global()
@Module({
  providers: [RemoteCatalogAdapter, { provide: CATALOG_PORT, useExisting: RemoteCatalogAdapter }],
  exports: [CATALOG_PORT],
})
export class RemoteCatalogModule {}

/** EVENT_BUS that sends each event to every consumer service over TCP and waits for their ack. */
@Global()
@Module({
  providers: [TcpEventBus, { provide: EVENT_BUS, useExisting: TcpEventBus }],
  exports: [EVENT_BUS],
})
export class TcpEventBusModule {}
