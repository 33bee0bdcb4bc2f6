import { Module } from '@nestjs/common';
import { AnalyticsExportModule, AnalyticsHttpModule } from '@gomart/analytics-export';
import { SqsEventsListenerModule, TcpEventsListenerModule } from '@gomart/events';
import { PlatformModule } from '@gomart/platform';

/** The analytics-export service: records order facts for the sales exports, serves /analytics. */
@Module({
  imports: [
    PlatformModule.with({ auth: true, discovery: true }),
    AnalyticsExportModule,
    AnalyticsHttpModule,
    TcpEventsListenerModule,
    SqsEventsListenerModule,
  ],
})
export class AnalyticsExportAppModule {}
