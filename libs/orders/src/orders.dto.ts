import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { OrderStatus, PickResult } from '@gomart/contracts';
import { IsCalendarDay, PageQuery } from '@gomart/http';
import { ORDER_STATUSES, settableStatuses } from './order-lifecycle';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `none`, `similar`, or the id of the product the shopper would accept instead. */
const SUBSTITUTE = /^(none|similar|[a-z0-9][a-z0-9-]{1,63})$/;

export class OrderLineInput {
  @ApiProperty({ example: 'de-000010' })
  @IsString()
  @Length(1, 64)
  productId!: string;

  @ApiProperty({ example: 2, minimum: 1, type: 'integer', description: 'Whole units (also of products sold by weight); capped per line by ORDER_MAX_QUANTITY.' })
  @IsInt()
  @Min(1)
  quantity!: number;

  @ApiPropertyOptional({
    example: 'similar',
    default: 'similar',
    description: 'If the product is missing at picking: `none`, `similar` (staff choose, never dearer than this line), or a product id.',
  })
  @IsOptional()
  @IsString()
  @Matches(SUBSTITUTE, { message: 'substitute must be none, similar or a product id' })
  substitute?: string;
}

export class DeliveryAddressInput {
  @ApiPropertyOptional({ example: 'Alice Nguyen' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 80) name?: string;
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

/** Prices, names and totals come from the catalog at order time; any such field here is rejected. */
export class PlaceOrderBody {
  @ApiProperty({ type: [OrderLineInput], description: 'Distinct products; at most ORDER_MAX_LINES lines.' })
  @IsArray()
  @ArrayMinSize(1)
  // Before the nested check: class-transformer maps `[[]]` to an array of nothing, which
  // ValidateNested passes, and a line without a product reached the database.
  @IsObject({ each: true, message: 'each line must be an object' })
  @ValidateNested({ each: true })
  @Type(() => OrderLineInput)
  lines!: OrderLineInput[];

  @ApiPropertyOptional({ example: 'syd-20261202-0800.Zk3f9aQ1bT2x', description: 'The delivery slot held at checkout (POST /fulfilment/slot-holds).' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,8}-\d{8}-\d{4}\.[A-Za-z0-9_-]{12}$/, { message: 'slotHoldId must be the id of a slot hold' })
  slotHoldId?: string;

  @ApiPropertyOptional({ type: DeliveryAddressInput })
  @IsOptional()
  @IsObject({ message: 'deliveryAddress must be an object' })
  @ValidateNested()
  @Type(() => DeliveryAddressInput)
  deliveryAddress?: DeliveryAddressInput;
}

/** Read from the order process: what staff can ever set (409 if not from the current status). */
const STAFF_SETTABLE = settableStatuses('staff');

export class ChangeStatusBody {
  @ApiProperty({ enum: STAFF_SETTABLE })
  @IsIn(STAFF_SETTABLE)
  status!: OrderStatus;
}

export class PickLineBody {
  @ApiProperty({ enum: ['picked', 'substituted', 'unavailable'] })
  @IsIn(['picked', 'substituted', 'unavailable'])
  result!: PickResult;

  @ApiPropertyOptional({ type: 'integer', example: 1240, description: 'Items sold by weight: the weight picked, in grams.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  grams?: number;

  @ApiPropertyOptional({ example: 'de-000012', description: 'Substituted lines: the product that goes in the bag instead.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  substituteProductId?: string;
}

/** The board's day, zone and statuses (`status=PLACED,PICKING`). */
export class BoardQuery {
  @ApiProperty({ example: '2026-12-02', format: 'date', description: "The slots' local day." })
  @IsCalendarDay()
  day!: string;

  @ApiPropertyOptional({ example: 'syd', description: 'One delivery zone.' })
  @IsOptional()
  @Matches(/^[a-z]{2,8}$/, { message: 'zone must be a zone id such as syd' })
  zone?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'PLACED,PICKING',
    description: 'Comma-separated statuses; default every status after placement.',
    pattern: `^,*(?:(?:${ORDER_STATUSES.join('|')})(?:,+|$))*$`,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @IsIn(ORDER_STATUSES, { each: true })
  status?: OrderStatus[];
}

class BoardOrderDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiPropertyOptional() customerName?: string;
  @ApiPropertyOptional() postcode?: string;
  @ApiProperty({ type: 'integer' }) lineCount!: number;
  @ApiProperty({ type: 'integer' }) unitCount!: number;
  @ApiProperty({ type: 'integer', description: 'Lines recorded (picked, substituted or not available).' }) picked!: number;
  @ApiProperty({ type: 'integer' }) totalCents!: number;
  @ApiPropertyOptional({ type: 'integer' }) finalTotalCents?: number;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() slotId?: string;
  @ApiProperty() createdAt!: string;
}

class BoardSlotDto {
  @ApiProperty() id!: string;
  @ApiProperty() zoneId!: string;
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
  @ApiProperty({ type: 'integer' }) capacity!: number;
  @ApiProperty({ type: 'integer' }) booked!: number;
  @ApiProperty({ type: [BoardOrderDto] }) orders!: BoardOrderDto[];
}

class BoardZoneDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class OrderBoardDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ type: [BoardZoneDto] }) zones!: BoardZoneDto[];
  @ApiProperty({ type: [BoardSlotDto] }) slots!: BoardSlotDto[];
  @ApiProperty({ type: [BoardOrderDto], description: 'Orders without a delivery slot, placed that day.' }) unscheduled!: BoardOrderDto[];
}

/** Your orders, newest first: the common `limit` and `cursor`. */
export class ListOrdersQuery extends PageQuery {}

class LinePickView {
  @ApiProperty({ enum: ['picked', 'substituted', 'unavailable'] }) result!: string;
  @ApiPropertyOptional({ type: 'integer' }) grams?: number;
  @ApiPropertyOptional() substituteProductId?: string;
  @ApiPropertyOptional() substituteName?: string;
  @ApiProperty({ type: 'integer' }) finalCents!: number;
  @ApiProperty() pickedAt!: string;
}

class OrderLineView {
  @ApiProperty() productId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ enum: ['each', 'per_kg'] }) soldBy!: string;
  @ApiProperty({ type: 'integer' }) unitPriceCents!: number;
  @ApiProperty({ type: 'integer', description: 'Estimated for items sold by weight.' }) lineTotalCents!: number;
  @ApiProperty({ type: 'integer', description: 'The most the line can cost.' }) authorisedCents!: number;
  @ApiPropertyOptional({ type: 'integer' }) pricePerKgCents?: number;
  @ApiPropertyOptional({ type: 'integer' }) estimatedGrams?: number;
  @ApiProperty({ description: '`none`, `similar`, or the id of the product accepted instead.' }) substitute!: string;
  @ApiPropertyOptional({ type: LinePickView, description: 'Once picked: how, and what it costs.' }) picked?: LinePickView;
}

class OrderSlotView {
  @ApiProperty({ example: 'syd-20261202-0800' }) id!: string;
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time' }) end!: string;
  @ApiProperty({ type: 'integer' }) feeCents!: number;
  @ApiProperty() currency!: string;
}

class TimelineEntryView {
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OrderViewDto {
  @ApiProperty({ example: 'ord_Qm9vZ2xlIGlzIGEgZnVubnkg' }) id!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: string;
  @ApiProperty({ type: [OrderLineView] }) lines!: OrderLineView[];
  @ApiProperty({ type: 'integer' }) subtotalCents!: number;
  @ApiProperty({ type: 'integer' }) deliveryFeeCents!: number;
  @ApiProperty({ type: 'integer', description: 'Estimated: subtotal plus delivery fee.' }) totalCents!: number;
  @ApiProperty({ type: 'integer', description: 'What payment is authorised for (weighed items may cost up to their buffer more).' }) authorisedCents!: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Once picked: what is charged.' }) finalTotalCents?: number;
  @ApiProperty({ example: 'AUD' }) currency!: string;
  @ApiPropertyOptional({ type: OrderSlotView }) slot?: OrderSlotView;
  @ApiPropertyOptional({ type: DeliveryAddressInput }) deliveryAddress?: DeliveryAddressInput;
  @ApiProperty({ type: [TimelineEntryView] }) timeline!: TimelineEntryView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the order is read from the archive (decided long ago; see ARCHIVE_AFTER_DAYS).' })
  archived?: true;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderViewDto] }) items!: OrderViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
