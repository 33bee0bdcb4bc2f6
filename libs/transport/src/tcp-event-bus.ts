import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { ORDER_EVENT_PATTERN, type EventBus, type OrderEvent } from '@gomart/contracts';
import { ServiceClients } from './service-clients';

/**
 * Events to the consumer services over TCP (local split mode). Each consumer acknowledges
 * after handling, so a failure leaves the event in the order's outbox to be sent again;
 * consumers de-duplicate on eventId.
 */
@Injectable()
export class TcpEventBus implements EventBus {
  constructor(
    @Inject(ServiceClients) private readonly clients: ServiceClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(event: OrderEvent): Promise<void> {
    await Promise.all(
      this.config.events.consumers.map((service) =>
        this.clients.call(service, ORDER_EVENT_PATTERN, event, { idempotent: true }),
      ),
    );
  }
}
