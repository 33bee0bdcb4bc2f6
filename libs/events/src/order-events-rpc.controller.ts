import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DomainError, ErrorCode, ORDER_EVENT_PATTERN, OrderEventType, type OrderEvent } from '@gomart/contracts';
import { OrderEventConsumers } from './order-event-consumers';

const KNOWN_TYPES: readonly string[] = Object.values(OrderEventType);

/**
 * Order events arriving over TCP (local split mode). Replies only after every local consumer
 * handled the event: the reply is the sender's acknowledgement.
 */
@Controller()
export class OrderEventsRpcController {
  constructor(@Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers) {}

  @MessagePattern(ORDER_EVENT_PATTERN)
  async receive(@Payload() event: OrderEvent): Promise<{ delivered: true }> {
    if (typeof event?.eventId !== 'string' || !KNOWN_TYPES.includes(event.type)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Not an order event.', { fields: [{ field: 'type', problems: ['unknown'] }] });
    }
    await this.consumers.deliver(event);
    return { delivered: true };
  }
}
