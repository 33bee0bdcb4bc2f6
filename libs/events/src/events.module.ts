import { Global, Module } from '@nestjs/common';
import { EVENT_BUS } from '@gomart/contracts';
import { InProcessEventBus } from './in-process-event-bus';
import { OrderEventConsumers } from './order-event-consumers';
import { OrderEventsRpcController } from './order-events-rpc.controller';
import { SqsEventListener } from './sqs-event-listener';

/**
 * The registry of this process's event consumers; every shape imports it. Events arrive
 * in-process (monolith), over TCP from a split orders service, or from an SQS queue (AWS).
 */
@Global()
@Module({
  controllers: [OrderEventsRpcController],
  providers: [OrderEventConsumers, SqsEventListener],
  exports: [OrderEventConsumers],
})
export class EventsModule {}

/** EVENT_BUS delivered in-process, for the monolith where every consumer runs alongside orders. */
@Global()
@Module({
  providers: [InProcessEventBus, { provide: EVENT_BUS, useExisting: InProcessEventBus }],
  exports: [EVENT_BUS],
})
export class InProcessEventBusModule {}
