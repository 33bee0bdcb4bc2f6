import { Module } from '@nestjs/common';
import { adapterProviders } from '@gomart/config';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { AnalyticsTables } from './analytics.tables';
import { DynamoOrderFactRepository } from './dynamo-order-fact.repository';
import { EXPORT_SINK, LocalExportSink, S3ExportSink } from './export-sink';
import { ORDER_FACT_REPOSITORY } from './order-fact.repository';
import { OrderFactsConsumer } from './order-facts.consumer';
import { SalesController } from './sales.controller';
import { SalesExporter } from './sales-exporter';

/** Sales facts recorded from order events, summed on request and exported for Athena. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(AnalyticsTables)), EventsModule],
  providers: [
    OrderFactsConsumer,
    SalesExporter,
    { provide: ORDER_FACT_REPOSITORY, useClass: DynamoOrderFactRepository },
    ...adapterProviders(EXPORT_SINK, (config) => (config.analyticsExport.bucket ? 's3' : 'local'), { s3: S3ExportSink, local: LocalExportSink }),
  ],
  exports: [ORDER_FACT_REPOSITORY, SalesExporter],
})
export class AnalyticsExportModule {}

/** The analytics' public HTTP routes (`/analytics/*`). */
@Module({ imports: [AnalyticsExportModule], controllers: [SalesController] })
export class AnalyticsHttpModule {}
