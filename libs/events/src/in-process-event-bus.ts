import { Inject, Injectable } from '@nestjs/common';
import type { EventBus, OrderEvent } from '@gomart/contracts';
import { OrderEventConsumers } from './order-event-consumers';

/** The monolith's event bus: publishing is handing the event to this process's consumers. */
@Injectable()
export class InProcessEventBus implements EventBus {
  constructor(@Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers) {}

  publish(event: OrderEvent): Promise<void> {
    return this.consumers.deliver(event);
  }
}
