import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { asOrderEvent, invalidField, ORDER_EVENT_PATTERN } from '@gomart/contracts';
import { OrderEventConsumers } from './order-event-consumers';

/**
 * Order events arriving over TCP (local split mode). Replies only after every local consumer
 * handled the event: the reply is the sender's acknowledgement.
 */
@Controller()
export class OrderEventsRpcController {
  constructor(@Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers) {}

  @MessagePattern(ORDER_EVENT_PATTERN)
  async receive(@Payload() message: unknown): Promise<{ delivered: true }> {
    const event = asOrderEvent(message);
    if (!event) throw invalidField('type', 'not an order event');
    await this.consumers.deliver(event);
    return { delivered: true };
  }
}
