import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { CATALOG_PORT, EVENT_BUS, type EventBus } from '@gomart/contracts';
import { RemoteCatalogAdapter } from './remote-catalog.adapter';
import { ServiceClients } from './service-clients';
import { SnsEventBus } from './sns-event-bus';
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

/**
 * EVENT_BUS of a split orders service, by EVENTS_TRANSPORT: `tcp` sends each event to every
 * consumer service and waits for their acknowledgement; `sns` publishes to the topic (AWS).
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_BUS,
      inject: [APP_CONFIG, ServiceClients],
      useFactory: (config: AppConfig, clients: ServiceClients): EventBus =>
        config.events.transport === 'sns' ? new SnsEventBus(config) : new TcpEventBus(clients, config),
    },
  ],
  exports: [EVENT_BUS],
})
export class RemoteEventBusModule {}
