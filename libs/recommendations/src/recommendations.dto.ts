import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ProductView } from '@gomart/catalog';

export const DEFAULT_LIMIT = 8;
export const MAX_LIMIT = 50;
/** A basket's worth: the storefront sends what is in the basket. */
export const MAX_EXCLUDED = 100;

/** `a,b,c` (or the parameter repeated) as a list; an empty value is no list. */
const commaList = ({ value }: { value: unknown }): unknown[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value])
    .flatMap((part): unknown[] => (typeof part === 'string' ? part.split(',') : [part]))
    .map((part): unknown => (typeof part === 'string' ? part.trim() : part))
    .filter((part) => part !== '');

/** What both recommendation routes read; other parameters are ignored, a bad value of these is a 400. */
export class RecommendationsQuery {
  @ApiPropertyOptional({ type: String, description: 'Product ids never to suggest, comma-separated: what is already in the basket.', example: 'de-000042,de-000107' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(MAX_EXCLUDED)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  exclude: string[] = [];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;
}

export const STRATEGIES = ['often-bought-with', 'buy-it-again', 'popular-in-aisle', 'popular', 'none'] as const;

export class RecommendationsView {
  @ApiProperty({ type: [ProductView], description: 'Best first; all in stock, none excluded, never the product itself.' })
  items!: ProductView[];

  @ApiProperty({
    enum: STRATEGIES,
    description: 'What produced the first item: often-bought-with / buy-it-again when there is history, popular-in-aisle for a product or customer without one (cold start).',
  })
  strategy!: string;
}
