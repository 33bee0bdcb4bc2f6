import { Global, Module } from '@nestjs/common';
import { EVENT_BUS } from '@gomart/contracts';
import { InProcessEventBus } from './in-process-event-bus';
import { OrderEventConsumers } from './order-event-consumers';

/** The registry of this process's event consumers; every shape imports it. */
@Global()
@Module({ providers: [OrderEventConsumers], exports: [OrderEventConsumers] })
export class EventsModule {}

/** EVENT_BUS delivered in-process, for the monolith where every consumer runs alongside orders. */
@Global()
@Module({
  providers: [InProcessEventBus, { provide: EVENT_BUS, useExisting: InProcessEventBus }],
  exports: [EVENT_BUS],
})
export class InProcessEventBusModule {}
