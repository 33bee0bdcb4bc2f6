import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '@gomart/http';
import { CATEGORY_IDS, type CategoryId } from './categories';
import { UNITS, type Unit } from './product';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const SKU = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
const CURRENCY = /^[A-Z]{3}$/;
const IMAGE_PATH = /^\/[\w./-]{1,200}$/;
export const MAX_PRICE_CENTS = 10_000_000;
export const MAX_STOCK = 1_000_000;

export class ListProductsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CATEGORY_IDS, description: 'Only this aisle.' })
  @IsOptional()
  @IsIn(CATEGORY_IDS)
  category?: CategoryId;

  @ApiPropertyOptional({ description: 'Words that start words of the name or brand; case and accents ignored.', example: 'greek yog' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;
}

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

  @ApiProperty({ example: 649, description: 'Price in cents.' })
  @IsInt()
  @Min(1)
  @Max(MAX_PRICE_CENTS)
  priceCents!: number;

  @ApiPropertyOptional({ example: 'AUD', default: 'AUD' })
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as AUD' })
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
  currency?: string;

  @ApiPropertyOptional({ enum: UNITS })
  @IsOptional()
  @IsIn(UNITS)
  unit?: Unit;

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
  @ApiProperty({ example: 120, description: 'Units available; may lag live orders by the cache TTL.' }) stock!: number;
  @ApiProperty({ example: '/images/products/de-000042.jpg' }) imageUrl!: string;
  @ApiProperty() updatedAt!: string;
}

export class ProductPageView {
  @ApiProperty({ type: [ProductView] }) items!: ProductView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class CategoryView {
  @ApiProperty({ example: 'dairy-eggs' }) id!: string;
  @ApiProperty({ example: 'Dairy & Eggs' }) name!: string;
}

export class CategoryListView {
  @ApiProperty({ type: [CategoryView] }) items!: CategoryView[];
}
