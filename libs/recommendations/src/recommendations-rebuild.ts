import { Inject, Injectable, Module } from '@nestjs/common';
import { DynamoModule } from '@gomart/dynamo';
import { BasketLog } from './basket-log';
import { RecommendationStore } from './recommendation.store';
import { addBasket, emptyRecommenderState } from './recommender-state';
import { RecommendationTables } from './recommendations.tables';

export interface RebuildProgress {
  /** Baskets read so far, of about `total` (the count taken when the rebuild started). */
  readonly read: number;
  readonly total: number;
}

export interface RebuildResult {
  readonly baskets: number;
  readonly written: number;
  /** Counters that no basket accounts for any more, deleted. */
  readonly removed: number;
}

/**
 * Rebuilds every recommender counter from the recorded baskets: read a page at a time, summed
 * in memory (one entry per product pair, aisle product and customer product — never per
 * order), then written whole, and the counters no basket gives any more deleted. Run it with
 * the consumer stopped (in AWS: the catalog service's queue paused, or run it again after): a
 * basket recorded while it runs may be counted by both.
 */
@Injectable()
export class RecommendationsRebuild {
  constructor(
    @Inject(BasketLog) private readonly baskets: BasketLog,
    @Inject(RecommendationStore) private readonly store: RecommendationStore,
  ) {}

  async rebuild(onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildResult> {
    const total = await this.baskets.count();
    const state = emptyRecommenderState();
    let read = 0;
    onProgress({ read, total });
    for await (const page of this.baskets.all()) {
      for (const basket of page) addBasket(state, basket);
      read += page.length;
      onProgress({ read, total: Math.max(total, read) });
    }
    const { written, removed } = await this.store.replace(state);
    return { baskets: read, written, removed };
  }
}

/** What the rebuild command needs, and nothing that consumes events. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(RecommendationTables))],
  providers: [RecommendationsRebuild, RecommendationStore, BasketLog],
  exports: [RecommendationsRebuild, RecommendationStore],
})
export class RecommendationsRebuildModule {}
