import { Module } from '@nestjs/common';
import { AuthHttpModule } from '@gomart/auth';
import { FulfilmentHttpModule, FulfilmentModule } from '@gomart/fulfilment';
import { AnalyticsExportModule, AnalyticsHttpModule } from '@gomart/analytics-export';
import { CatalogHttpModule, CatalogModule } from '@gomart/catalog';
import { InProcessEventBusModule } from '@gomart/events';
import { NotificationsModule } from '@gomart/notifications';
import { OrdersHttpModule, OrdersModule } from '@gomart/orders';
import { PlatformModule } from '@gomart/platform';
import { RecommendationsHttpModule, RecommendationsModule } from '@gomart/recommendations';

/** Orders call the catalog in-process and hand events to this process's consumers. */
const orders = OrdersModule.register({ catalog: CatalogModule, events: InProcessEventBusModule, fulfilment: FulfilmentModule });

/** The monolith: every domain module in one process, on embedded defaults. */
@Module({
  imports: [
    PlatformModule.with({ cache: true, auth: true }),
    AuthHttpModule,
    CatalogModule,
    CatalogHttpModule,
    FulfilmentModule,
    FulfilmentHttpModule,
    orders,
    OrdersHttpModule.over(orders),
    NotificationsModule,
    AnalyticsExportModule,
    AnalyticsHttpModule.register({ catalog: CatalogModule, slots: FulfilmentModule }),
    RecommendationsModule,
    RecommendationsHttpModule.register({ catalog: CatalogModule }),
  ],
})
export class GomartModule {}
