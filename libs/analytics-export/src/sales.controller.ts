import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ description: 'Totals of the order events of one day (UTC).' })
  async daily(@Query() query: DayInput): Promise<DailySales> {
    return summariseDay(query.day, await this.facts.ofDay(query.day));
  }

  /** Writes the day's facts to the export bucket now (also done every ANALYTICS_EXPORT_INTERVAL_MS). */
  @Post('exports')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOkResponse({ description: '{ day, facts, location } of the written export.' })
  export(@Body() body: DayInput): Promise<ExportResult> {
    return this.exporter.exportDay(body.day);
  }

  /** The order history as Amazon Personalize's interactions and items datasets (CSV), for the ML pipeline to import. */
  @Post('exports/personalize')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOkResponse({ description: '{ interactions, items, locations } of the written datasets.' })
  exportPersonalize(): Promise<PersonalizeExportResult> {
    return this.personalize.export();
  }
}
