import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Authenticated } from '@gomart/auth';
import { OrderFacts } from './order-facts';
import { SalesExporter, type ExportResult } from './sales-exporter';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

class DayInput {
  @ApiProperty({ example: '2026-11-28' })
  @Matches(DAY, { message: 'day must be YYYY-MM-DD' })
  day!: string;
}

export interface DailySales {
  readonly day: string;
  readonly ordersPlaced: number;
  readonly unitsPlaced: number;
  readonly placedValueCents: Readonly<Record<string, number>>;
  readonly ordersCancelled: number;
  readonly ordersDelivered: number;
}

@ApiTags('analytics')
@Controller('analytics')
export class SalesController {
  constructor(
    @Inject(OrderFacts) private readonly facts: OrderFacts,
    @Inject(SalesExporter) private readonly exporter: SalesExporter,
  ) {}

  /** A day's order facts, summed: what the export carries, readable without Athena. */
  @Get('sales')
  @Authenticated('admin')
  @ApiOkResponse({ description: 'Totals of the order events of one day (UTC).' })
  async daily(@Query() query: DayInput): Promise<DailySales> {
    const totals = { ordersPlaced: 0, unitsPlaced: 0, placedValueCents: {} as Record<string, number>, ordersCancelled: 0, ordersDelivered: 0 };
    for (const fact of await this.facts.ofDay(query.day)) {
      if (fact.type === 'OrderPlaced') {
        totals.ordersPlaced += 1;
        totals.unitsPlaced += fact.units ?? 0;
        const currency = fact.currency ?? 'AUD';
        totals.placedValueCents[currency] = (totals.placedValueCents[currency] ?? 0) + (fact.totalCents ?? 0);
      } else if (fact.type === 'OrderCancelled') {
        totals.ordersCancelled += 1;
      } else if (fact.to === 'DELIVERED') {
        totals.ordersDelivered += 1;
      }
    }
    return { day: query.day, ...totals };
  }

  /** Writes the day's facts to the export bucket now (also done every ANALYTICS_EXPORT_INTERVAL_MS). */
  @Post('exports')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOkResponse({ description: '{ day, facts, location } of the written export.' })
  export(@Body() body: DayInput): Promise<ExportResult> {
    return this.exporter.exportDay(body.day);
  }
}
