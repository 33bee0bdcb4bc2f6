import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '@gomart/http';
import { CATEGORY_IDS, type CategoryId } from './categories';
import { UNITS, type Unit } from './product';
import { SEARCH_SORTS, type SearchSort } from './search';
import { SOLD_BY, type SoldBy } from '@gomart/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const SKU = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
const CURRENCY = /^[A-Z]{3}$/;
const IMAGE_PATH = /^\/[\w./-]{1,200}$/;
export const MAX_PRICE_CENTS = 10_000_000;
export const MAX_STOCK = 1_000_000;
export const MAX_UNIT_GRAMS = 50_000;

const booleanFromQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * A listing or search. Parameters other than these are ignored (links carry tracking
 * parameters); a bad value of one of these is a 400.
 */
export class ListProductsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'What the shopper typed (e.g. `greek yog`): words, brands, sizes, a SKU; typos and synonyms are understood.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/[\p{L}\p{N}]/u, { message: 'q must contain a letter or a digit' })
  q?: string;

  @ApiPropertyOptional({ enum: CATEGORY_IDS, description: 'Only this aisle.' })
  @IsOptional()
  @IsIn(CATEGORY_IDS)
  category?: CategoryId;

  @ApiPropertyOptional({ description: 'Only this brand (case and accents ignored).', example: 'Chobani', maxLength: 60 })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  brand?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Lowest price, in cents.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  minPriceCents?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Highest price, in cents.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  maxPriceCents?: number;

  @ApiPropertyOptional({ type: 'boolean', description: 'Only products with stock.' })
  @IsOptional()
  @Transform(booleanFromQuery)
  @IsBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'relevance', description: 'Relevance (name order without q), price or name.' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort: SearchSort = 'relevance';
}

/** The query parameters a listing reads: the only ones in its cache key. */
export const LISTING_PARAMETERS = ['q', 'category', 'brand', 'minPriceCents', 'maxPriceCents', 'inStock', 'sort', 'limit', 'cursor'] as const;

export class CreateProductBody {
  @ApiProperty({ example: 'DE-900001', description: 'Upper-case letters, digits and dashes; also the product id (lower case).' })
  @Matches(SKU, { message: 'sku must be 3 to 32 upper-case letters, digits or dashes' })
  sku!: string;

  @ApiProperty({ example: 'Greek Yoghurt 1kg' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'Chobani' })
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  brand!: string;

  @ApiProperty({ enum: CATEGORY_IDS })
  @IsIn(CATEGORY_IDS)
  category!: CategoryId;

  @ApiPropertyOptional({ example: 649, description: 'Price in cents (required when sold each; computed for products sold by weight).' })
  @ValidateIf((body: CreateProductBody) => body.soldBy !== 'per_kg' || body.priceCents !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_CENTS)
  priceCents?: number;

  @ApiPropertyOptional({ enum: SOLD_BY, default: 'each', description: 'Sold per unit, or by weight (per_kg: ordered in whole units of about averageUnitGrams).' })
  @IsOptional()
  @IsIn(SOLD_BY)
  soldBy?: SoldBy;

  @ApiPropertyOptional({ type: 'integer', example: 390, description: 'per_kg only (then required): price of a kilogram, in cents.' })
  @ValidateIf((body: CreateProductBody) => body.soldBy === 'per_kg' || body.pricePerKgCents !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_CENTS)
  pricePerKgCents?: number;

  @ApiPropertyOptional({ type: 'integer', example: 180, description: 'per_kg only (then required): the weight of an average unit, in grams.' })
  @ValidateIf((body: CreateProductBody) => body.soldBy === 'per_kg' || body.averageUnitGrams !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_UNIT_GRAMS)
  averageUnitGrams?: number;

  @ApiPropertyOptional({ example: 'AUD', default: 'AUD' })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as AUD' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as AUD' })
  currency?: string;

  @ApiProperty({ enum: UNITS })
  @IsIn(UNITS)
  unit!: Unit;

  @ApiProperty({ example: 120, description: 'Units available to order.' })
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock!: number;

  @ApiPropertyOptional({ example: '/images/products/de-900001.jpg' })
  @IsOptional()
  @Matches(IMAGE_PATH, { message: 'imageUrl must be a path such as /images/products/x.jpg' })
  imageUrl?: string;
}

/** Any subset of the descriptive fields; the SKU (the id) and the stock are not patched here. */
export class PatchProductBody {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 60)
  brand?: string;

  @ApiPropertyOptional({ enum: CATEGORY_IDS })
  @IsOptional()
  @IsIn(CATEGORY_IDS)
  category?: CategoryId;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_CENTS)
  priceCents?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as AUD' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as AUD' })
  currency?: string;

  @ApiPropertyOptional({ enum: UNITS })
  @IsOptional()
  @IsIn(UNITS)
  unit?: Unit;

  @ApiPropertyOptional({ type: 'integer', description: 'per_kg only: price of a kilogram, in cents.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_CENTS)
  pricePerKgCents?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'per_kg only: the weight of an average unit, in grams.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_UNIT_GRAMS)
  averageUnitGrams?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(IMAGE_PATH, { message: 'imageUrl must be a path such as /images/products/x.jpg' })
  imageUrl?: string;
}

export class SetStockBody {
  @ApiProperty({ example: 40, description: 'Units available to order (reserved units are not included).' })
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  stock!: number;
}

export class ProductView {
  @ApiProperty({ example: 'de-000042' }) id!: string;
  @ApiProperty({ example: 'DE-000042' }) sku!: string;
  @ApiProperty({ example: 'Greek Yoghurt 1kg' }) name!: string;
  @ApiProperty({ example: 'Chobani' }) brand!: string;
  @ApiProperty({ enum: CATEGORY_IDS }) category!: string;
  @ApiProperty({ example: 649 }) priceCents!: number;
  @ApiProperty({ example: 'AUD' }) currency!: string;
  @ApiProperty({ enum: UNITS }) unit!: string;
  @ApiProperty({ enum: SOLD_BY }) soldBy!: string;
  @ApiPropertyOptional({ type: 'integer', description: 'per_kg: price of a kilogram, in cents.' }) pricePerKgCents?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'per_kg: grams of an average unit; priceCents is its estimated price.' }) averageUnitGrams?: number;
  @ApiProperty({ example: 120, description: 'Units available; may lag live orders by the cache TTL.' }) stock!: number;
  @ApiProperty({ example: '/images/products/de-000042.jpg' }) imageUrl!: string;
  @ApiProperty() updatedAt!: string;
}

class CategoryCount {
  @ApiProperty({ example: 'dairy-eggs' }) id!: string;
  @ApiProperty({ type: 'integer', example: 42 }) count!: number;
}

class BrandCount {
  @ApiProperty({ example: 'Chobani' }) name!: string;
  @ApiProperty({ type: 'integer', example: 7 }) count!: number;
}

class FacetsView {
  @ApiProperty({ type: [CategoryCount], description: 'Matches per aisle, with every filter but the aisle applied.' }) categories!: CategoryCount[];
  @ApiProperty({ type: [BrandCount], description: 'Matches per brand, with every filter but the brand applied.' }) brands!: BrandCount[];
}

export class ProductPageView {
  @ApiProperty({ type: [ProductView] }) items!: ProductView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: 'integer', description: 'Products matching the query and its filters, over all pages.' }) total!: number;
  @ApiProperty({ type: FacetsView }) facets!: FacetsView;
}

export class CategoryView {
  @ApiProperty({ example: 'dairy-eggs' }) id!: string;
  @ApiProperty({ example: 'Dairy & Eggs' }) name!: string;
}

export class CategoryListView {
  @ApiProperty({ type: [CategoryView] }) items!: CategoryView[];
}
