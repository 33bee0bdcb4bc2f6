import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import type { OrderStatus } from '@gomart/contracts';
import { PageQuery } from '@gomart/http';
import { ORDER_STATUSES, settableStatuses } from './order-lifecycle';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OrderLineInput {
  @ApiProperty({ example: 'de-000010' })
  @IsString()
  @Length(1, 64)
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1, description: 'Capped per line by ORDER_MAX_QUANTITY.' })
  @IsInt()
  @Min(1)
  quantity!: number;
}

export class DeliveryAddressInput {
  @ApiProperty({ example: '12 Harbour St' }) @Transform(trim) @IsString() @Length(1, 120) line1!: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @Length(1, 120) line2?: string;
  @ApiProperty({ example: 'Sydney' }) @Transform(trim) @IsString() @Length(1, 60) city!: string;
  @ApiProperty({ example: '2000' })
  @Matches(/^[A-Za-z0-9 -]{3,10}$/, { message: 'postcode must be 3 to 10 letters, digits, spaces or dashes' })
  postcode!: string;

  @ApiProperty({ example: 'AU' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code such as AU' })
  country!: string;
}

export class DeliverySlotInput {
  @ApiProperty({ example: '2026-12-01' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: '08:00-10:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'window must be HH:MM-HH:MM' })
  window!: string;
}

/** Prices, names and totals come from the catalog at order time; any such field here is rejected. */
export class PlaceOrderBody {
  @ApiProperty({ type: [OrderLineInput], description: 'Distinct products; at most ORDER_MAX_LINES lines.' })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => OrderLineInput)
  lines!: OrderLineInput[];

  @ApiPropertyOptional({ type: DeliveryAddressInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliveryAddressInput)
  deliveryAddress?: DeliveryAddressInput;

  @ApiPropertyOptional({ type: DeliverySlotInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverySlotInput)
  deliverySlot?: DeliverySlotInput;
}

/** Read from the order process: what staff can ever set (409 if not from the current status). */
const STAFF_SETTABLE = settableStatuses('staff');

export class ChangeStatusBody {
  @ApiProperty({ enum: STAFF_SETTABLE })
  @IsIn(STAFF_SETTABLE)
  status!: OrderStatus;
}

/** Your orders, newest first: the common `limit` and `cursor`. */
export class ListOrdersQuery extends PageQuery {}

class OrderLineView {
  @ApiProperty() productId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() unitPriceCents!: number;
  @ApiProperty() lineTotalCents!: number;
}

export class OrderViewDto {
  @ApiProperty({ example: 'ord_Qm9vZ2xlIGlzIGEgZnVubnkg' }) id!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({ type: [OrderLineView] }) lines!: OrderLineView[];
  @ApiProperty() totalCents!: number;
  @ApiProperty({ example: 'AUD' }) currency!: string;
  @ApiPropertyOptional({ type: DeliveryAddressInput }) deliveryAddress?: DeliveryAddressInput;
  @ApiPropertyOptional({ type: DeliverySlotInput }) deliverySlot?: DeliverySlotInput;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderViewDto] }) items!: OrderViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
