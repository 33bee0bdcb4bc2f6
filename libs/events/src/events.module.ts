import { Global, Module } from '@nestjs/common';
import { EVENT_BUS } from '@gomart/contracts';
import { InProcessEventBus } from './in-process-event-bus';
import { OrderEventConsumers } from './order-event-consumers';
import { OrderEventsRpcController } from './order-events-rpc.controller';

/**
 * The registry of this process's event consumers; every shape imports it. Its TCP edge
 * receives events from a split orders service (unused in the monolith).
 */
@Global()
@Module({ controllers: [OrderEventsRpcController], providers: [OrderEventConsumers], exports: [OrderEventConsumers] })
export class EventsModule {}

/** EVENT_BUS delivered in-process, for the monolith where every consumer runs alongside orders. */
@Global()
@Module({
  providers: [InProcessEventBus, { provide: EVENT_BUS, useExisting: InProcessEventBus }],
  exports: [EVENT_BUS],
})
export class InProcessEventBusModule {}
