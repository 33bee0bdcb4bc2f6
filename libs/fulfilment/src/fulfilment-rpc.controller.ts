import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FulfilmentPatterns, type SlotCapacity } from '@gomart/contracts';
import { IsCalendarDay } from '@gomart/http';
import { SlotCapacityReader } from './slot-capacity';

class SlotsBetweenMessage {
  @IsCalendarDay()
  from!: string;

  @IsCalendarDay()
  to!: string;
}

/** The orders service's TCP edge for delivery slots (split mode): capacity for the analytics service. */
@Controller()
export class FulfilmentRpcController {
  constructor(@Inject(SlotCapacityReader) private readonly capacity: SlotCapacityReader) {}

  @MessagePattern(FulfilmentPatterns.slotsBetween)
  slotsBetween(@Payload() message: SlotsBetweenMessage): Promise<SlotCapacity[]> {
    return this.capacity.slotsBetween(message.from, message.to);
  }
}
