import { Module } from '@nestjs/common';
import { EVENT_BUS } from '@gomart/contracts';
import { InProcessEventBus } from './in-process-event-bus';
import { OrderEventConsumers } from './order-event-consumers';
import { OrderEventsRpcController } from './order-events-rpc.controller';
import { SqsEventListener } from './sqs-event-listener';

/** The registry of this process's event consumers; consumer domain modules import it to subscribe. */
@Module({ providers: [OrderEventConsumers], exports: [OrderEventConsumers] })
export class EventsModule {}

/** EVENT_BUS delivered in-process, for the monolith where every consumer runs alongside orders. */
@Module({
  imports: [EventsModule],
  providers: [InProcessEventBus, { provide: EVENT_BUS, useExisting: InProcessEventBus }],
  exports: [EVENT_BUS],
})
export class InProcessEventBusModule {}

/** Edge of a consumer service: order events arriving over TCP (local split mode). */
@Module({ imports: [EventsModule], controllers: [OrderEventsRpcController] })
export class TcpEventsListenerModule {}

/** Edge of a consumer service: order events from its SQS queue (AWS). */
@Module({ imports: [EventsModule], providers: [SqsEventListener] })
export class SqsEventsListenerModule {}
