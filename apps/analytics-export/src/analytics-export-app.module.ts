import { Module } from '@nestjs/common';
import { AnalyticsExportModule } from '@gomart/analytics-export';
import { AuthModule } from '@gomart/auth';
import { ConfigModule } from '@gomart/config';
import { DiscoveryModule } from '@gomart/discovery';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { HealthModule } from '@gomart/health';

/** The analytics-export service: records order facts for the sales exports. */
@Module({
  imports: [
    ConfigModule,
    HealthModule,
    DynamoModule,
    AuthModule,
    DiscoveryModule.register({ service: 'analytics-export' }),
    EventsModule,
    AnalyticsExportModule,
  ],
})
export class AnalyticsExportAppModule {}
