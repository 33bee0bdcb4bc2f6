import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one error body of the API (`{ code, message, details? }`), for OpenAPI responses. */
export class ErrorBodyDto {
  @ApiProperty({ example: 'ORDER_NOT_FOUND', description: 'Stable error code (see the README).' }) code!: string;
  @ApiProperty({ example: 'No order with id ord_x.' }) message!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) details?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'On a 500: the id the error was logged under.' }) errorId?: string;
}
