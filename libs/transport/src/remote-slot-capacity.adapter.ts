import { Inject, Injectable } from '@nestjs/common';
import { FulfilmentPatterns, serviceUnavailable, type SlotCapacity, type SlotCapacityPort } from '@gomart/contracts';
import { ServiceClients, ServiceUnavailableError } from './service-clients';

/** The SlotCapacityPort of the split analytics service: the orders service (which runs delivery slots) over TCP. */
@Injectable()
export class RemoteSlotCapacityAdapter implements SlotCapacityPort {
  constructor(@Inject(ServiceClients) private readonly clients: ServiceClients) {}

  async slotsBetween(from: string, to: string): Promise<SlotCapacity[]> {
    try {
      return await this.clients.call<SlotCapacity[]>('orders', FulfilmentPatterns.slotsBetween, { from, to }, { idempotent: true });
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      throw serviceUnavailable('Delivery slots cannot be reached right now; retry shortly.');
    }
  }
}
