import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class SlotsQuery {
  @ApiProperty({ example: '2000', description: 'An Australian postcode (4 digits).' })
  @Matches(/^\d{4}$/, { message: 'postcode must be 4 digits' })
  postcode!: string;
}

export class HoldSlotBody {
  @ApiProperty({ example: 'syd-20261202-0800' })
  @IsString()
  @Matches(/^[a-z]{2,8}-\d{8}-\d{4}$/, { message: 'slotId must be a slot id such as syd-20261202-0800' })
  slotId!: string;
}

export class SlotDto {
  @ApiProperty({ example: 'syd-20261202-0800' }) id!: string;
  @ApiProperty({ example: 'syd' }) zoneId!: string;
  @ApiProperty({ format: 'date', example: '2026-12-02', description: "The zone's local day of the slot." }) day!: string;
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time' }) end!: string;
  @ApiProperty({ format: 'date-time', description: 'No holds or orders after this.' }) cutoff!: string;
  @ApiProperty({ type: 'integer', example: 20 }) capacity!: number;
  @ApiProperty({ type: 'integer', example: 7, description: 'Places not booked or held.' }) remaining!: number;
  @ApiProperty({ type: 'integer', example: 800 }) feeCents!: number;
  @ApiProperty({ example: 'AUD' }) currency!: string;
  @ApiProperty() bookable!: boolean;
}

class ZoneDto {
  @ApiProperty({ example: 'syd' }) id!: string;
  @ApiProperty({ example: 'Sydney' }) name!: string;
}

export class SlotListDto {
  @ApiProperty({ type: ZoneDto }) zone!: ZoneDto;
  @ApiProperty({ type: [SlotDto] }) items!: SlotDto[];
}

export class SlotHoldViewDto {
  @ApiProperty({ example: 'syd-20261202-0800.Zk3f9aQ1bT2x' }) id!: string;
  @ApiProperty({ example: 'syd-20261202-0800' }) slotId!: string;
  @ApiProperty({ enum: ['held', 'expired', 'booked'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1 }) renewalsLeft!: number;
  @ApiPropertyOptional({ description: 'The order it was booked for.' }) orderId?: string;
  @ApiProperty({ type: SlotDto }) slot!: SlotDto;
}
