import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LegalHoldBody {
  @ApiProperty({ example: 'ATO audit 2026-17', description: 'Why the order must be kept (1–200 characters).' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export class LegalHoldDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'The admin who placed the hold.' }) by!: string;
  @ApiProperty() at!: string;
}

export class LegalHoldViewDto {
  @ApiProperty() orderId!: string;
  // Inline rather than a $ref: OpenAPI 3.0 cannot say "nullable" beside a reference.
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'The hold, or null when the order is not held.',
    properties: { reason: { type: 'string' }, by: { type: 'string', description: 'The admin who placed the hold.' }, at: { type: 'string', format: 'date-time' } },
    required: ['reason', 'by', 'at'],
  })
  legalHold!: LegalHoldDto | null;
}

export class ErasureResultDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: 'integer', description: 'Hot orders whose delivery address (with its name) and e-mail were removed.' }) hotOrders!: number;
  @ApiProperty({ type: 'integer', description: 'Archived orders whose sealed personal data can no longer be read (its key is destroyed).' })
  archivedOrders!: number;
  @ApiProperty({ type: [String], description: 'Orders under legal hold, left as they are until the hold is lifted.' }) held!: string[];
}
