import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { OrderEventConsumers } from '@gomart/events';
import { BasketLog } from './basket-log';

/** Keeps the recommender's counters from the order events, as they arrive. */
@Injectable()
export class RecommendationsConsumer implements OnModuleInit {
  constructor(
    @Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers,
    @Inject(BasketLog) private readonly baskets: BasketLog,
  ) {}

  onModuleInit(): void {
    this.consumers.subscribe('recommendations', (event) => this.baskets.record(event));
  }
}
