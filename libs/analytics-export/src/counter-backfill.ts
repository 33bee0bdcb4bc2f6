import { Inject, Injectable, Module } from '@nestjs/common';
import { DynamoModule } from '@gomart/dynamo';
import { AnalyticsTables } from './analytics.tables';
import { DailyCounterStore } from './daily-counter.store';
import { CounterTotals, incrementsFor } from './daily-counters';
import { DynamoOrderFactRepository } from './dynamo-order-fact.repository';
import { ORDER_FACT_REPOSITORY, type OrderFactRepository } from './order-fact.repository';

export interface BackfillProgress {
  /** Facts read so far, of about `total` (the count taken when the backfill started). */
  readonly read: number;
  readonly total: number;
}

export interface BackfillResult {
  readonly facts: number;
  readonly counters: number;
  /** Counters that no fact accounts for any more, deleted. */
  readonly removed: number;
}

/**
 * Rebuilds the daily counters from the recorded facts: every fact read once, its increments
 * summed in memory (one entry per day and figure, not per fact), then every counter written
 * whole and the ones no fact gives any more deleted. Run it with the analytics consumer
 * stopped (in AWS: the analytics service scaled to 0), or run it again after: an event
 * recorded while it runs may be counted by both.
 */
@Injectable()
export class CounterBackfill {
  constructor(
    @Inject(ORDER_FACT_REPOSITORY) private readonly facts: OrderFactRepository,
    @Inject(DailyCounterStore) private readonly counters: DailyCounterStore,
  ) {}

  async rebuild(onProgress: (progress: BackfillProgress) => void = () => undefined): Promise<BackfillResult> {
    const total = await this.facts.count();
    const totals = new CounterTotals();
    let read = 0;
    onProgress({ read, total });
    for await (const page of this.facts.all()) {
      for (const fact of page) totals.add(incrementsFor(fact));
      read += page.length;
      onProgress({ read, total: Math.max(total, read) });
    }
    const rows = totals.toRows();
    const { removed } = await this.counters.rewrite(rows);
    return { facts: read, counters: rows.length, removed };
  }
}

/** What the backfill command needs, and nothing that starts timers or consumes events. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(AnalyticsTables))],
  providers: [CounterBackfill, DailyCounterStore, { provide: ORDER_FACT_REPOSITORY, useClass: DynamoOrderFactRepository }],
  exports: [CounterBackfill],
})
export class CounterBackfillModule {}
