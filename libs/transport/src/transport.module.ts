import { Module } from '@nestjs/common';
import { adapterProviders } from '@gomart/config';
import { CATALOG_PORT, EVENT_BUS, SLOT_CAPACITY_PORT } from '@gomart/contracts';
import { RemoteCatalogAdapter } from './remote-catalog.adapter';
import { RemoteSlotCapacityAdapter } from './remote-slot-capacity.adapter';
import { ServiceClients } from './service-clients';
import { SnsEventBus } from './sns-event-bus';
import { TcpEventBus } from './tcp-event-bus';

/** Calls to other services over TCP; needs a DiscoveryModule in the app. */
@Module({ providers: [ServiceClients], exports: [ServiceClients] })
export class TransportModule {}

/** CATALOG_PORT bound to the catalog service over TCP (split orders service). */
@Module({
  imports: [TransportModule],
  providers: [RemoteCatalogAdapter, { provide: CATALOG_PORT, useExisting: RemoteCatalogAdapter }],
  exports: [CATALOG_PORT],
})
export class RemoteCatalogModule {}

/**
 * EVENT_BUS of a split orders service, by EVENTS_TRANSPORT: `tcp` sends each event to every
 * consumer service and waits for their acknowledgement; `sns` publishes to the topic (AWS).
 */
@Module({
  imports: [TransportModule],
  providers: adapterProviders(EVENT_BUS, (config) => config.events.transport, { tcp: TcpEventBus, sns: SnsEventBus }),
  exports: [EVENT_BUS],
})
export class RemoteEventBusModule {}

/** SLOT_CAPACITY_PORT bound to the orders service over TCP (split analytics service). */
@Module({
  imports: [TransportModule],
  providers: [RemoteSlotCapacityAdapter, { provide: SLOT_CAPACITY_PORT, useExisting: RemoteSlotCapacityAdapter }],
  exports: [SLOT_CAPACITY_PORT],
})
export class RemoteSlotCapacityModule {}
