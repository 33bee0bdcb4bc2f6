import { Module } from '@nestjs/common';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { OrderFactsRecorder } from './order-facts.recorder';
import { SalesController } from './sales.controller';

/** Sales facts for exports and archival, recorded from order events. */
@Module({
  imports: [DynamoModule.forFeature([Tables.analyticsEvents])],
  controllers: [SalesController],
  providers: [OrderFactsRecorder],
})
export class AnalyticsExportModule {}
