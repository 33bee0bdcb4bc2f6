import { Module } from '@nestjs/common';
import { DynamoModule, Tables } from '@gomart/dynamo';
import { OrderFacts } from './order-facts';
import { SalesController } from './sales.controller';
import { SalesExporter } from './sales-exporter';

/** Sales facts recorded from order events, summed on request and exported for Athena and archival. */
@Module({
  imports: [DynamoModule.forFeature([Tables.analyticsEvents])],
  controllers: [SalesController],
  providers: [OrderFacts, SalesExporter],
})
export class AnalyticsExportModule {}
