import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { adapterProviders } from '@gomart/config';
import { DynamoModule } from '@gomart/dynamo';
import { EventsModule } from '@gomart/events';
import { AnalyticsTables } from './analytics.tables';
import { BusinessDashboard } from './business-dashboard';
import { DailyCounterStore } from './daily-counter.store';
import { DashboardController } from './dashboard.controller';
import { DynamoOrderFactRepository } from './dynamo-order-fact.repository';
import { EXPORT_SINK, LocalExportSink, S3ExportSink } from './export-sink';
import { ORDER_FACT_REPOSITORY } from './order-fact.repository';
import { OrderFactsConsumer } from './order-facts.consumer';
import { PersonalizeExporter } from './personalize-exporter';
import { SalesController } from './sales.controller';
import { SalesExporter } from './sales-exporter';

type ModuleRef = Type<unknown> | DynamicModule;

/** Facts and daily counters recorded from order events; the facts exported for Athena. */
@Module({
  imports: [DynamoModule.forFeature(Object.values(AnalyticsTables)), EventsModule],
  providers: [
    OrderFactsConsumer,
    SalesExporter,
    DailyCounterStore,
    { provide: ORDER_FACT_REPOSITORY, useClass: DynamoOrderFactRepository },
    ...adapterProviders(EXPORT_SINK, (config) => (config.analyticsExport.bucket ? 's3' : 'local'), { s3: S3ExportSink, local: LocalExportSink }),
  ],
  exports: [ORDER_FACT_REPOSITORY, SalesExporter, DailyCounterStore, EXPORT_SINK],
})
export class AnalyticsExportModule {}

export interface AnalyticsPorts {
  /** A module exporting CATALOG_PORT (stock for the days of cover): in-process or over TCP. */
  readonly catalog: ModuleRef;
  /** A module exporting SLOT_CAPACITY_PORT (slot utilisation): in-process or over TCP to orders. */
  readonly slots: ModuleRef;
}

/** The analytics' public HTTP routes (`/analytics/*`): the day's sales, the exports, the business dashboard. */
@Module({})
export class AnalyticsHttpModule {
  static register(ports: AnalyticsPorts): DynamicModule {
    return {
      module: AnalyticsHttpModule,
      imports: [AnalyticsExportModule, ports.catalog, ports.slots],
      providers: [BusinessDashboard, PersonalizeExporter],
      controllers: [SalesController, DashboardController],
    };
  }
}
