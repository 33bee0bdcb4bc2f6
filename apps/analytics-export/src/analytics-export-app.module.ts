import { Module } from '@nestjs/common';
import { AnalyticsExportModule, AnalyticsHttpModule } from '@gomart/analytics-export';
import { SqsEventsListenerModule, TcpEventsListenerModule } from '@gomart/events';
import { PlatformModule } from '@gomart/platform';
import { RemoteCatalogModule, RemoteSlotCapacityModule } from '@gomart/transport';

/** The analytics-export service: records order facts for the sales exports, serves /analytics (the dashboard reads stock from the catalog service and slots from the orders service). */
@Module({
  imports: [
    PlatformModule.with({ auth: true, discovery: true }),
    AnalyticsExportModule,
    AnalyticsHttpModule.register({ catalog: RemoteCatalogModule, slots: RemoteSlotCapacityModule }),
    TcpEventsListenerModule,
    SqsEventsListenerModule,
  ],
})
export class AnalyticsExportAppModule {}
