import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { BasketLog } from './basket-log';
import { RecommendationsConsumer } from './recommendations.consumer';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationService } from './recommendation.service';
import { RecommendationStore } from './recommendation.store';
import { RecommendationTables } from './recommendations.tables';

type ModuleRef = Type<unknown> | DynamicModule;

/** The recommender's counters, kept from the order events this process consumes. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(RecommendationTables)), EventsModule],
  providers: [RecommendationStore, BasketLog, RecommendationsConsumer],
  exports: [RecommendationStore, BasketLog],
})
export class RecommendationsModule {}

export interface RecommendationsPorts {
  /** A module exporting CATALOG_PORT (which products exist, their stock): in-process or over TCP. */
  readonly catalog: ModuleRef;
}

/** The recommendation routes: `/catalog/products/:id/recommendations` and `/recommendations/for-me`. */
@Module({})
export class RecommendationsHttpModule {
  static register(ports: RecommendationsPorts): DynamicModule {
    return {
      module: RecommendationsHttpModule,
      imports: [RecommendationsModule, ports.catalog],
      providers: [RecommendationService],
      controllers: [RecommendationsController],
    };
  }
}
