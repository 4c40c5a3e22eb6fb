import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BilingualLongText } from '../../common/bilingual.dto';
import { MoneyLineDto } from '../../common/money/money-line.dto';

import { PageQuery } from '../../common/http/pagination';

import { REPORT_STATUSES, type ReportStatus } from '../grantee-report.entity';

export const REPORT_KINDS = ['interim', 'final'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_SIDES = ['JP', 'US', 'joint'] as const;
export type ReportSide = (typeof REPORT_SIDES)[number];
export const MAX_EXPENSES = 200;

/** One expense a report accounts for. */
export class ExpenseDto extends MoneyLineDto {}

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind: ReportKind;

  @ApiProperty({ enum: REPORT_SIDES, description: 'The city reporting, or `joint` for both' })
  @IsIn(REPORT_SIDES)
  side: ReportSide;

  @ApiProperty({ type: BilingualLongText })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualLongText)
  narrative: BilingualLongText;

  @ApiPropertyOptional({ type: [ExpenseDto], maxItems: MAX_EXPENSES, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EXPENSES)
  @ValidateNested({ each: true })
  @Type(() => ExpenseDto)
  expenses?: ExpenseDto[];
}

/** PATCH: what is left out stays; an explicit null is refused (both fields are required). */
export class UpdateReportDto {
  @ApiPropertyOptional({ type: BilingualLongText })
  @ValidateIf((_, value) => value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualLongText)
  narrative?: BilingualLongText;

  @ApiPropertyOptional({ type: [ExpenseDto], maxItems: MAX_EXPENSES })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_EXPENSES)
  @ValidateNested({ each: true })
  @Type(() => ExpenseDto)
  expenses?: ExpenseDto[];
}

export class RequestChangesDto {
  @ApiProperty({ maxLength: 5000, description: 'What the grantee should change' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  message: string;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListReportsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  awardId?: string;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Reports the overdue job found late (true) or never late (false)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}
