import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@gomart/auth';
import { IsCalendarDay } from '@gomart/http';
import { summariseDay, type DailySales } from './order-fact';
import { ORDER_FACT_REPOSITORY, type OrderFactRepository } from './order-fact.repository';
import { PersonalizeExporter, type PersonalizeExportResult } from './personalize-exporter';
import { SalesExporter, type ExportResult } from './sales-exporter';

class DayInput {
  @ApiProperty({ example: '2026-11-28', format: 'date' })
  @IsCalendarDay()
  day!: string;
}

class ExportResultDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ type: 'integer', description: 'Order facts written.' }) facts!: number;
  @ApiProperty({ description: 'Where they were written (s3:// or a local path).' }) location!: string;
}

/** The analytics' HTTP edge (`/analytics/*`), admins only. */
@ApiTags('analytics')
@Controller('analytics')
export class SalesController {
  constructor(
    @Inject(ORDER_FACT_REPOSITORY) private readonly facts: OrderFactRepository,
    @Inject(SalesExporter) private readonly exporter: SalesExporter,
    @Inject(PersonalizeExporter) private readonly personalize: PersonalizeExporter,
  ) {}

  /** A day's order facts, summed: what the export carries, readable without Athena. */
  @Get('sales')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getDailySales', summary: "A day's sales", description: "Admins read a day's order facts (UTC), summed: what the export carries, readable without Athena." })
  @ApiOkResponse({ description: 'Totals of the order events of one day (UTC).', schema: { type: 'object', additionalProperties: true } })
  async daily(@Query() query: DayInput): Promise<DailySales> {
    return summariseDay(query.day, await this.facts.ofDay(query.day));
  }

  /** Writes the day's facts to the export bucket now (also done every ANALYTICS_EXPORT_INTERVAL_MS). */
  @Post('exports')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ operationId: 'exportDailySales', summary: "Export a day's sales", description: "Writes the day's order facts as JSON lines to the export bucket now (also done every ANALYTICS_EXPORT_INTERVAL_MS)." })
  @ApiOkResponse({ description: 'The written export.', type: ExportResultDto })
  export(@Body() body: DayInput): Promise<ExportResult> {
    return this.exporter.exportDay(body.day);
  }

  /** The order history as Amazon Personalize's interactions and items datasets (CSV), for the ML pipeline to import. */
  @Post('exports/personalize')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ operationId: 'exportPersonalizeDatasets', summary: 'Export the Personalize datasets', description: "Writes the order history as Amazon Personalize's interactions and items datasets (CSV) for the ML pipeline to import." })
  @ApiOkResponse({ description: '{ interactions, items, locations } of the written datasets.', schema: { type: 'object', additionalProperties: true } })
  exportPersonalize(): Promise<PersonalizeExportResult> {
    return this.personalize.export();
  }
}
