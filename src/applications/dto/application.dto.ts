import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BilingualLongText, BilingualText } from '../../common/bilingual.dto';
import { MoneyLineDto } from '../../common/money/money-line.dto';

import { PageQuery } from '../../common/http/pagination';

import { APPLICATION_STATUSES, type ApplicationStatus, type Side } from '../application.entity';

export const SIDES = ['JP', 'US'] as const satisfies readonly Side[];
export const MAX_BUDGET_LINES = 100;

export class BudgetLineDto extends MoneyLineDto {
  @ApiProperty({ enum: SIDES, description: 'Which city spends it' })
  @IsIn(SIDES)
  side: Side;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date: `YYYY-MM-DD`, and a real day (no 2025-02-30). */
function CalendarDate(): PropertyDecorator {
  return (target, key) => {
    Matches(DATE, { message: '$property must be a date YYYY-MM-DD' })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' })(target, key);
  };
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({ type: BilingualText })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualText)
  title?: BilingualText;

  @ApiPropertyOptional({ type: BilingualLongText })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualLongText)
  summary?: BilingualLongText;

  @ApiPropertyOptional({ example: '2026-04-01' })
  @IsOptional()
  @CalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2027-03-31', description: 'On or after startsOn' })
  @IsOptional()
  @CalendarDate()
  endsOn?: string;

  @ApiPropertyOptional({ type: [BudgetLineDto], minItems: 1, maxItems: MAX_BUDGET_LINES })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BUDGET_LINES)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  budgetLines?: BudgetLineDto[];
}

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  roundId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partnershipId: string;

  @ApiProperty({ type: BilingualText })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualText)
  title: BilingualText;

  @ApiProperty({ type: BilingualLongText })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualLongText)
  summary: BilingualLongText;

  @ApiProperty({ example: '2026-04-01' })
  @CalendarDate()
  startsOn: string;

  @ApiProperty({ example: '2027-03-31', description: 'On or after startsOn' })
  @CalendarDate()
  endsOn: string;

  @ApiProperty({ type: [BudgetLineDto], minItems: 1, maxItems: MAX_BUDGET_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BUDGET_LINES)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  budgetLines: BudgetLineDto[];
}

export class SignApplicationDto {
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    description: 'The contentHash the signer read: the signature is bound to that content',
  })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'contentHash must be 64 lowercase hex digits' })
  contentHash: string;
}

export class ReturnApplicationDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'What the cities should change' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message: string;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  roundId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Either city of the partnership' })
  @IsOptional()
  @IsUUID()
  cityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partnershipId?: string;
}
