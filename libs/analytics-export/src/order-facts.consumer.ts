import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { OrderEventConsumers } from '@gomart/events';
import { ORDER_FACT_REPOSITORY, type OrderFactRepository } from './order-fact.repository';

/**
 * Records one fact per order event, the source of the sales exports (in AWS the table's stream
 * also feeds the export bucket that Athena and QuickSight read).
 */
@Injectable()
export class OrderFactsConsumer implements OnModuleInit {
  constructor(
    @Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers,
    @Inject(ORDER_FACT_REPOSITORY) private readonly facts: OrderFactRepository,
  ) {}

  onModuleInit(): void {
    this.consumers.subscribe('analytics-export', (event) => this.facts.record(event));
  }
}
