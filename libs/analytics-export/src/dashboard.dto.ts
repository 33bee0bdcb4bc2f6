import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDay } from '@gomart/http';

/** A range of UTC days, both ends included; by default the 28 days to today. */
export class RangeQuery {
  @ApiPropertyOptional({ example: '2026-11-01', format: 'date', description: 'First day (UTC), default 27 days before `to`.' })
  @IsOptional()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-28', format: 'date', description: 'Last day (UTC), default today; at most 366 days after `from`.' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;
}

/** A figure's range, and whether to answer JSON or a CSV download. */
export class FigureQuery extends RangeQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class RankedFigureQuery extends FigureQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

class RangeDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
}

class SalesDayDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ type: 'integer' }) orders!: number;
  @ApiProperty({ type: 'integer' }) revenueCents!: number;
  @ApiProperty({ type: 'integer' }) averageOrderValueCents!: number;
}

class SalesTotalsDto {
  @ApiProperty({ type: 'integer' }) orders!: number;
  @ApiProperty({ type: 'integer' }) revenueCents!: number;
  @ApiProperty({ type: 'integer' }) averageOrderValueCents!: number;
}

class SalesChangeDto {
  @ApiProperty({ type: 'number', nullable: true, description: '0.12 = +12 % on the previous period; null when it had none.' }) orders!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) revenueCents!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) averageOrderValueCents!: number | null;
}

export class SalesFiguresDto {
  @ApiProperty({ type: [SalesDayDto] }) days!: SalesDayDto[];
  @ApiProperty() totals!: SalesTotalsDto;
  @ApiProperty() previousTotals!: SalesTotalsDto;
  @ApiProperty() change!: SalesChangeDto;
}

export class ProductFigureDto {
  @ApiProperty() productId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The aisle.' }) category!: string;
  @ApiProperty({ type: 'integer' }) units!: number;
  @ApiProperty({ type: 'integer' }) revenueCents!: number;
}

export class AisleFigureDto {
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) units!: number;
  @ApiProperty({ type: 'integer' }) revenueCents!: number;
}

export class StockAlertDto {
  @ApiProperty() productId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) stock!: number;
  @ApiProperty({ description: 'Units sold per day over the range.' }) averageDailyUnits!: number;
  @ApiProperty({ description: 'stock ÷ averageDailyUnits.' }) daysOfCover!: number;
}

export class SlotDayDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ type: 'integer' }) capacity!: number;
  @ApiProperty({ type: 'integer' }) booked!: number;
  @ApiProperty({ description: 'booked ÷ capacity, 0 when there were no slots.' }) utilisation!: number;
}

export class PickingFiguresDto {
  @ApiProperty({ type: 'integer' }) lines!: number;
  @ApiProperty({ type: 'integer' }) picked!: number;
  @ApiProperty({ type: 'integer' }) substituted!: number;
  @ApiProperty({ type: 'integer' }) unavailable!: number;
  @ApiProperty({ type: 'number', nullable: true, description: '(picked + substituted) ÷ lines.' }) fillRate!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'substituted ÷ lines.' }) substitutionRate!: number | null;
}

class SlotFiguresDto {
  @ApiProperty({ type: [SlotDayDto] }) days!: SlotDayDto[];
}

export class DashboardDto {
  @ApiProperty() range!: RangeDto;
  @ApiProperty({ description: 'The period of the same length just before.' }) previous!: RangeDto;
  @ApiProperty() sales!: SalesFiguresDto;
  @ApiProperty({ type: [ProductFigureDto] }) topProducts!: ProductFigureDto[];
  @ApiProperty({ type: [AisleFigureDto] }) aisles!: AisleFigureDto[];
  @ApiProperty({ type: [StockAlertDto], description: 'Fewest days of cover first.' }) stockAlerts!: StockAlertDto[];
  @ApiProperty() slots!: SlotFiguresDto;
  @ApiProperty() picking!: PickingFiguresDto;
}

export class RangedSalesDto extends SalesFiguresDto {
  @ApiProperty() range!: RangeDto;
}

export class RangedPickingDto extends PickingFiguresDto {
  @ApiProperty() range!: RangeDto;
}

export class ProductFiguresDto {
  @ApiProperty() range!: RangeDto;
  @ApiProperty({ type: [ProductFigureDto] }) items!: ProductFigureDto[];
}

export class AisleFiguresDto {
  @ApiProperty() range!: RangeDto;
  @ApiProperty({ type: [AisleFigureDto] }) items!: AisleFigureDto[];
}

export class StockAlertsDto {
  @ApiProperty() range!: RangeDto;
  @ApiProperty({ type: [StockAlertDto] }) items!: StockAlertDto[];
}

export class SlotUtilisationDto {
  @ApiProperty() range!: RangeDto;
  @ApiProperty({ type: [SlotDayDto] }) items!: SlotDayDto[];
}
