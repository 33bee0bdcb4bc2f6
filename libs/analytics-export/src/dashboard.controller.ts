import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '@gomart/auth';
import { toCsv, type CsvColumn } from '@gomart/http';
import { ApiErrors } from '@gomart/openapi';
import { BusinessDashboard, rangeDays, type Dashboard, type DateRange } from './business-dashboard';
import {
  AisleFiguresDto,
  DashboardDto,
  FigureQuery,
  ProductFiguresDto,
  RangedPickingDto,
  RangedSalesDto,
  RangeQuery,
  RankedFigureQuery,
  SlotUtilisationDto,
  StockAlertsDto,
} from './dashboard.dto';

const CSV_NOTE = 'With `format=csv`, the same rows as a text/csv download.';
const DEFAULT_LIMIT = 10;

/**
 * The business dashboard's figures (`/analytics/dashboard`, admins only), each also on its own
 * route and as CSV. Every figure comes from the daily counters; see BusinessDashboard.
 */
@ApiTags('analytics')
@ApiErrors({ VALIDATION_FAILED: 'a day that is not YYYY-MM-DD, `from` after `to`, or more than 366 days' })
@Controller('analytics')
export class DashboardController {
  constructor(@Inject(BusinessDashboard) private readonly dashboards: BusinessDashboard) {}

  @Get('dashboard')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getDashboard', summary: 'The dashboard', description: 'Every figure of the range at once, with the previous period for comparison.' })
  @ApiOkResponse({ type: DashboardDto, description: 'Every figure of the range, with the previous period for comparison.' })
  dashboard(@Query() query: RangeQuery): Promise<Dashboard> {
    return this.dashboards.dashboard(query);
  }

  @Get('sales-by-day')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getSalesByDay', summary: 'Sales by day', description: 'Orders, revenue and average order value per day; as CSV with `format=csv`.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RangedSalesDto, description: `Orders, revenue and average order value per day. ${CSV_NOTE}` })
  async salesByDay(@Query() query: FigureQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<object | string> {
    const figures = await this.dashboards.sales(query);
    return answer(reply, query, 'sales-by-day', { ...figures }, figures.days, [
      { header: 'day', value: (row) => row.day },
      { header: 'orders', value: (row) => row.orders },
      { header: 'revenue_cents', value: (row) => row.revenueCents },
      { header: 'average_order_value_cents', value: (row) => row.averageOrderValueCents },
    ]);
  }

  @Get('top-products')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getTopProducts', summary: 'Top products', description: 'Products by revenue, best first; as CSV with `format=csv`.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ProductFiguresDto, description: `Products by revenue, best first. ${CSV_NOTE}` })
  async topProducts(@Query() query: RankedFigureQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<object | string> {
    const items = await this.dashboards.topProducts(query, query.limit ?? DEFAULT_LIMIT);
    return answer(reply, query, 'top-products', { items }, items, [
      { header: 'product_id', value: (row) => row.productId },
      { header: 'name', value: (row) => row.name },
      { header: 'aisle', value: (row) => row.category },
      { header: 'units', value: (row) => row.units },
      { header: 'revenue_cents', value: (row) => row.revenueCents },
    ]);
  }

  @Get('aisles')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getAisleSales', summary: 'Sales per aisle', description: 'Units and revenue per aisle, best first; as CSV with `format=csv`.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AisleFiguresDto, description: `Sales per aisle, best first. ${CSV_NOTE}` })
  async aisles(@Query() query: FigureQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<object | string> {
    const items = await this.dashboards.aisles(query);
    return answer(reply, query, 'aisles', { items }, items, [
      { header: 'aisle', value: (row) => row.category },
      { header: 'units', value: (row) => row.units },
      { header: 'revenue_cents', value: (row) => row.revenueCents },
    ]);
  }

  @Get('stock-alerts')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getStockAlerts', summary: 'Stock alerts', description: 'Products that sold in the range, fewest days of cover first; as CSV with `format=csv`.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StockAlertsDto, description: `Products that sold in the range, fewest days of cover first. ${CSV_NOTE}` })
  async stockAlerts(@Query() query: RankedFigureQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<object | string> {
    const items = await this.dashboards.stockAlerts(query, query.limit ?? DEFAULT_LIMIT);
    return answer(reply, query, 'stock-alerts', { items }, items, [
      { header: 'product_id', value: (row) => row.productId },
      { header: 'name', value: (row) => row.name },
      { header: 'aisle', value: (row) => row.category },
      { header: 'stock', value: (row) => row.stock },
      { header: 'average_daily_units', value: (row) => round(row.averageDailyUnits) },
      { header: 'days_of_cover', value: (row) => round(row.daysOfCover) },
    ]);
  }

  @Get('slot-utilisation')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getSlotUtilisation', summary: 'Slot utilisation', description: 'Booked ÷ capacity of the delivery slots per day; as CSV with `format=csv`.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SlotUtilisationDto, description: `Booked ÷ capacity of the delivery slots, per day. ${CSV_NOTE}` })
  async slotUtilisation(@Query() query: FigureQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<object | string> {
    const items = await this.dashboards.slotUtilisation(query);
    return answer(reply, query, 'slot-utilisation', { items }, items, [
      { header: 'day', value: (row) => row.day },
      { header: 'capacity', value: (row) => row.capacity },
      { header: 'booked', value: (row) => row.booked },
      { header: 'utilisation', value: (row) => round(row.utilisation) },
    ]);
  }

  @Get('picking')
  @Authenticated('admin')
  @ApiOperation({ operationId: 'getPickingFigures', summary: 'Picking figures', description: 'Lines picked, substituted and not available, with fill and substitution rates; as CSV with `format=csv`.' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RangedPickingDto, description: `Lines picked, substituted and not available; fill and substitution rates. ${CSV_NOTE}` })
  async picking(@Query() query: FigureQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<object | string> {
    const figures = await this.dashboards.picking(query);
    return answer(reply, query, 'picking', { ...figures }, [figures], [
      { header: 'lines', value: (row) => row.lines },
      { header: 'picked', value: (row) => row.picked },
      { header: 'substituted', value: (row) => row.substituted },
      { header: 'unavailable', value: (row) => row.unavailable },
      { header: 'fill_rate', value: (row) => (row.fillRate === null ? null : round(row.fillRate)) },
      { header: 'substitution_rate', value: (row) => (row.substitutionRate === null ? null : round(row.substitutionRate)) },
    ]);
  }
}

/** The figure as JSON (with its range), or its rows as a CSV attachment named after the figure and range. */
function answer<T>(reply: FastifyReply, query: FigureQuery, name: string, json: object, rows: readonly T[], columns: readonly CsvColumn<T>[]): object | string {
  const days = rangeDays(query);
  const range: DateRange = { from: days[0]!, to: days.at(-1)! };
  if (query.format !== 'csv') return { range, ...json };
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}-${range.from}-to-${range.to}.csv"`);
  return toCsv(rows, columns);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
