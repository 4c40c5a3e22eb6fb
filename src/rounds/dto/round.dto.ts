import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { BilingualText } from '../../common/bilingual.dto';

import { PageQuery } from '../../common/http/pagination';

import { CURRENCIES, type Currency } from '../../common/money/money';

import {
  ROUND_STATUSES,
  TRANCHE_RELEASES,
  type RoundStatus,
  type TrancheRelease,
} from '../round.entity';

export const MAX_RUBRIC_CRITERIA = 20;
export const MAX_TRANCHES = 10;
export const MAX_REQUIRED_REPORTS = 10;
export const REPORT_KINDS = ['interim', 'final'] as const;

/** An instant with its offset: `2026-12-01T09:00:00+09:00` or `…Z`; a local time is ambiguous. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

const Instant = (field: string): PropertyDecorator => {
  const decorators = [
    Matches(INSTANT_PATTERN, {
      message: `${field} must be an ISO 8601 instant with an offset, e.g. 2026-12-01T09:00:00+09:00`,
    }),
    IsISO8601({ strict: true }, { message: `${field} must be a real date and time` }),
    IsString(),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
};

export class MoneyAmountDto {
  @ApiProperty({ enum: CURRENCIES })
  @IsIn(CURRENCIES)
  currency: Currency;

  @ApiProperty({ description: 'Minor units (USD cents, JPY yen)', minimum: 1, example: 1_000_000 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;
}

export class RubricCriterionDto {
  @ApiProperty({ example: 'impact', pattern: KEY_PATTERN.source })
  @IsString()
  @Matches(KEY_PATTERN, { message: 'key must be 1-40 letters, digits, _ or -' })
  key: string;

  @ApiProperty({ type: BilingualText })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualText)
  label: BilingualText;

  @ApiProperty({ minimum: 1, maximum: 100, description: 'Relative weight in the weighted mean' })
  @IsInt()
  @Min(1)
  @Max(100)
  weight: number;

  @ApiProperty({ minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  maxScore: number;
}

export class TrancheDto {
  @ApiProperty({ example: 'first', pattern: KEY_PATTERN.source })
  @IsString()
  @Matches(KEY_PATTERN, { message: 'key must be 1-40 letters, digits, _ or -' })
  key: string;

  @ApiProperty({ minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  percent: number;

  @ApiProperty({ enum: TRANCHE_RELEASES })
  @IsIn(TRANCHE_RELEASES)
  releaseOn: TrancheRelease;
}

export class RequiredReportDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind: (typeof REPORT_KINDS)[number];

  @ApiProperty({ format: 'date', example: '2027-12-31' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueOn must be a real date' })
  dueOn: string;
}

/** How a side's grant is settled in one currency (額の確定): a share, a rounding unit, a cap. */
export class SettlementRuleDto {
  @ApiProperty({ enum: CURRENCIES, description: 'A currency the round has a budget in' })
  @IsIn(CURRENCIES)
  currency: Currency;

  @ApiProperty({
    minimum: 1,
    maximum: 10_000,
    example: 5_000,
    description: 'The share of eligible expenses the grant covers, in basis points (10000 = 100 %)',
  })
  @IsInt()
  @Min(1)
  @Max(10_000)
  subsidyRateBp: number;

  @ApiProperty({
    minimum: 1,
    example: 1_000,
    description: 'The result is rounded down to a multiple of this (minor units); 1 = no rounding',
  })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  roundingUnitMinor: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The most a side is confirmed (minor units)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  capMinor?: number;
}

/**
 * SPEC §5.2. A draft may be incomplete (no rubric yet, tranches not adding up): completeness is
 * what opening the round checks.
 */
export class CreateRoundDto {
  @ApiProperty({ example: 'SDG-2027', pattern: KEY_PATTERN.source, maxLength: 40 })
  @IsString()
  @Matches(KEY_PATTERN, { message: 'code must be 1-40 letters, digits, _ or -' })
  code: string;

  @ApiProperty({ type: BilingualText })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualText)
  title: BilingualText;

  @ApiProperty({ example: '2026-12-01T09:00:00+09:00', description: 'Instant with offset' })
  @Instant('opensAt')
  opensAt: string;

  @ApiProperty({ example: '2027-01-31T23:59:59+09:00', description: 'After opensAt' })
  @Instant('closesAt')
  closesAt: string;

  @ApiPropertyOptional({
    type: [MoneyAmountDto],
    maxItems: CURRENCIES.length,
    description: 'One per currency',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CURRENCIES.length)
  @ArrayUnique((b: MoneyAmountDto) => b?.currency, { message: 'one budget per currency' })
  @ValidateNested({ each: true })
  @Type(() => MoneyAmountDto)
  budgets?: MoneyAmountDto[];

  @ApiPropertyOptional({
    type: [MoneyAmountDto],
    maxItems: CURRENCIES.length,
    description: 'The largest award per currency; one for every budget currency, ≤ that budget',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CURRENCIES.length)
  @ArrayUnique((b: MoneyAmountDto) => b?.currency, { message: 'one maxAward per currency' })
  @ValidateNested({ each: true })
  @Type(() => MoneyAmountDto)
  maxAward?: MoneyAmountDto[];

  @ApiPropertyOptional({ type: [RubricCriterionDto], maxItems: MAX_RUBRIC_CRITERIA })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RUBRIC_CRITERIA)
  @ArrayUnique((c: RubricCriterionDto) => c?.key, { message: 'rubric keys must be unique' })
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionDto)
  rubric?: RubricCriterionDto[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  reviewersPerApplication?: number;

  @ApiPropertyOptional({
    type: [TrancheDto],
    maxItems: MAX_TRANCHES,
    description: 'Percents sum to 100 (checked when the round opens)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TRANCHES)
  @ArrayUnique((t: TrancheDto) => t?.key, { message: 'tranche keys must be unique' })
  @ValidateNested({ each: true })
  @Type(() => TrancheDto)
  trancheSchedule?: TrancheDto[];

  @ApiPropertyOptional({ type: [RequiredReportDto], maxItems: MAX_REQUIRED_REPORTS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REQUIRED_REPORTS)
  @ValidateNested({ each: true })
  @Type(() => RequiredReportDto)
  reportsRequired?: RequiredReportDto[];

  @ApiPropertyOptional({
    type: [SettlementRuleDto],
    maxItems: CURRENCIES.length,
    description:
      'At most one per budget currency; a currency without one settles at 100 %, unrounded, uncapped',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CURRENCIES.length)
  @ArrayUnique((r: SettlementRuleDto) => r?.currency, {
    message: 'one settlement rule per currency',
  })
  @ValidateNested({ each: true })
  @Type(() => SettlementRuleDto)
  settlementRules?: SettlementRuleDto[];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    default: 20,
    description:
      'A budget move of more than this percent of the side’s award needs the officer’s approval',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  amendmentApprovalPercent?: number;
}

/** Any subset of the creation fields; only while the round is a draft. */
export class UpdateRoundDto extends PartialType(CreateRoundDto) {}

export class ListRoundsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROUND_STATUSES })
  @IsOptional()
  @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}
