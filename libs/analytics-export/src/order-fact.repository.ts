import type { OrderEvent } from '@gomart/contracts';
import type { OrderFact } from './order-fact';

export const ORDER_FACT_REPOSITORY = Symbol('ORDER_FACT_REPOSITORY');

/** Where order facts are kept: one per event, recorded once however often the event is delivered. */
export interface OrderFactRepository {
  record(event: OrderEvent): Promise<void>;
  /** Every fact of one day (UTC), oldest first. */
  ofDay(day: string): Promise<OrderFact[]>;
  /** How many facts are recorded (the backfill's progress). */
  count(): Promise<number>;
  /** Every recorded fact, a page at a time (the backfill). */
  all(pageSize?: number): AsyncGenerator<OrderFact[]>;
}
