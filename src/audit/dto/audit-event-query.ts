import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

/**
 * A date (`2025-04-01`, UTC midnight) or a date-time with an optional UTC offset. Narrower than
 * ISO 8601 on purpose: week and ordinal dates pass `IsISO8601` but not PostgreSQL.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export class AuditEventQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 50, example: 'application' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The user who acted (directly or by API key)',
  })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({
    description: 'Events at or after this instant (ISO 8601; no offset means UTC)',
    example: '2025-04-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Events at or before this instant (ISO 8601; no offset means UTC)',
    example: '2025-04-30T23:59:59Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}
