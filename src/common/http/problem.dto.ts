import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode } from '../errors/app-error';

export class FieldErrorDto {
  @ApiProperty({ example: 'budgetLines[0].amountMinor' })
  field: string;

  @ApiProperty({ example: 'must not be less than 1' })
  message: string;
}

/** The RFC 9457 body of every error response (SPEC §3), as rendered by the ProblemFilter. */
export class ProblemDto {
  @ApiProperty({ example: 'https://grants.example/problems/not-found' })
  type: string;

  @ApiProperty({ example: 'Not found' })
  title: string;

  @ApiProperty({ type: 'integer', example: 404 })
  status: number;

  @ApiProperty({ example: 'Application not found' })
  detail: string;

  @ApiProperty({
    enum: Object.keys(ERROR_CODES),
    enumName: 'ErrorCode',
    description: 'Stable machine-readable code; the HTTP status follows from it.',
  })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per-field failures (400 only).' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'Quote it when reporting a problem.' })
  requestId?: string;
}
