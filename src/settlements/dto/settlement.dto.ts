import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Side } from '../../applications/application.entity';
import { SIDES } from '../../awards/dto/decision.dto';
import { CURRENCIES, type Currency } from '../../common/money/money';
import { MAX_EXPENSES } from '../../grantee-reports/dto/report.dto';
import { SETTLEMENT_STATUSES, type Settlement, type SettlementStatus } from '../settlement.entity';

/** Each expense of a report at most once. */
export const MAX_EXCLUSIONS = MAX_EXPENSES;

export class ExcludedExpenseDto {
  @ApiProperty({
    minimum: 0,
    description: 'The expense’s position (0-based) in the accepted final report’s expenses',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_EXPENSES - 1)
  index: number;

  @ApiProperty({ maxLength: 1000, description: 'Why it is not eligible' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class ComputeSettlementDto {
  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES)
  side: Side;

  @ApiPropertyOptional({
    type: [ExcludedExpenseDto],
    maxItems: MAX_EXCLUSIONS,
    description: 'Expenses of the side (in its currency) that do not count; each index once',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EXCLUSIONS)
  @ArrayUnique((e: ExcludedExpenseDto) => e?.index, { message: 'each expense is excluded once' })
  @ValidateNested({ each: true })
  @Type(() => ExcludedExpenseDto)
  excludedExpenses?: ExcludedExpenseDto[];
}

export class SettlementCategoryResponse {
  @ApiProperty()
  category: string;

  @ApiProperty({ description: 'The approved budget of the category (0 when not in the budget)' })
  budgetMinor: number;

  @ApiProperty({ description: 'Spent, as the final report lists it' })
  spentMinor: number;

  @ApiProperty({ description: 'Spent less the excluded expenses, up to the budget' })
  eligibleMinor: number;
}

export class SettlementResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  awardId: string;

  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ enum: SETTLEMENT_STATUSES })
  status: SettlementStatus;

  @ApiProperty({ format: 'uuid', description: 'The accepted final report the expenses are from' })
  reportId: string;

  @ApiProperty({ description: 'The award version whose amounts and budget were applied' })
  awardVersion: number;

  @ApiProperty({ description: 'Awarded to the side (minor units)' })
  awardedMinor: number;

  @ApiProperty()
  spentMinor: number;

  @ApiProperty()
  eligibleMinor: number;

  @ApiProperty({ description: 'Basis points (10000 = 100 %)' })
  subsidyRateBp: number;

  @ApiProperty()
  roundingUnitMinor: number;

  @ApiProperty({ type: Number, nullable: true })
  capMinor: number | null;

  @ApiProperty({ description: 'min(awarded, eligible × rate rounded down to the unit, cap)' })
  confirmedMinor: number;

  @ApiProperty({ description: 'Paid to the side when the settlement was confirmed' })
  paidMinor: number;

  @ApiProperty({
    description: 'confirmed − paid: above 0 the balance to pay, below 0 the refund due',
  })
  balanceMinor: number;

  @ApiProperty({ type: [SettlementCategoryResponse] })
  categories: SettlementCategoryResponse[];

  @ApiProperty({ type: [ExcludedExpenseDto] })
  excludedExpenses: ExcludedExpenseDto[];

  @ApiProperty({ format: 'uuid' })
  computedBy: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  confirmedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The disbursement of the balance, when there was one to pay',
  })
  balanceDisbursementId: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The refund due, when more was paid than confirmed',
  })
  refundId: string | null;

  @ApiProperty({ description: 'Also the ETag' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static of(s: Settlement): SettlementResponse {
    return {
      id: s.id,
      awardId: s.awardId,
      side: s.side,
      currency: s.currency,
      status: s.status,
      reportId: s.reportId,
      awardVersion: s.awardVersion,
      awardedMinor: s.awardedMinor,
      spentMinor: s.spentMinor,
      eligibleMinor: s.eligibleMinor,
      subsidyRateBp: s.subsidyRateBp,
      roundingUnitMinor: s.roundingUnitMinor,
      capMinor: s.capMinor,
      confirmedMinor: s.confirmedMinor,
      paidMinor: s.paidMinor,
      balanceMinor: s.balanceMinor,
      categories: s.categories,
      excludedExpenses: s.excluded,
      computedBy: s.computedBy,
      confirmedBy: s.confirmedBy,
      confirmedAt: s.confirmedAt?.toISOString() ?? null,
      balanceDisbursementId: s.balanceDisbursementId,
      refundId: s.refundId,
      version: s.version,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

export class SettlementPage {
  @ApiProperty({ type: [SettlementResponse] })
  data: SettlementResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
