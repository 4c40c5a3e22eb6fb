import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import type { Side } from '../../applications/application.entity';
import { CURRENCIES, type Currency } from '../../common/money/money';

import { DECISION_OUTCOMES, type DecisionOutcome } from '../application-decision.entity';

export const SIDES: readonly Side[] = ['JP', 'US'];
/** Two sides × two currencies. */
export const MAX_AWARD_LINES = 4;

export class AwardLineDto {
  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ enum: CURRENCIES })
  @IsIn(CURRENCIES)
  currency: Currency;

  @ApiProperty({ description: 'Minor units (USD cents, JPY yen)', minimum: 1, example: 500_000 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;
}

/** Awards come with an approval and only with one; each side and currency at most once. */
@ValidatorConstraint({ name: 'awardsMatchOutcome' })
class AwardsMatchOutcome implements ValidatorConstraintInterface {
  validate(awards: unknown, args: ValidationArguments): boolean {
    const { outcome } = args.object as DecisionDto;
    if (outcome !== 'approved') return awards === undefined;
    if (!Array.isArray(awards)) return false;
    const keys = awards.map((a: Partial<AwardLineDto>) => `${a?.side}:${a?.currency}`);
    return new Set(keys).size === keys.length;
  }

  defaultMessage(args: ValidationArguments): string {
    const { outcome } = args.object as DecisionDto;
    return outcome === 'approved'
      ? 'awards must name each side and currency at most once'
      : `awards are given only with an approval, not with ${String(outcome)}`;
  }
}

export class DecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IsIn(DECISION_OUTCOMES)
  outcome: DecisionOutcome;

  @ApiPropertyOptional({
    type: [AwardLineDto],
    minItems: 1,
    maxItems: MAX_AWARD_LINES,
    description: 'Required with `approved`, refused otherwise; unique side + currency',
  })
  // Checked whenever present, and required (not optional) for an approval.
  @ValidateIf((o: DecisionDto) => o.awards !== undefined || o.outcome === 'approved')
  @Validate(AwardsMatchOutcome)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_AWARD_LINES)
  @ValidateNested({ each: true })
  @Type(() => AwardLineDto)
  awards?: AwardLineDto[];

  @ApiProperty({ minLength: 1, maxLength: 5000, example: 'Strong reviews; fits the budget.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  rationale: string;
}
