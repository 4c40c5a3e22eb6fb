import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { Side } from '../../applications/application.entity';
import { BilingualLongText } from '../../common/bilingual.dto';
import { CURRENCIES, type Currency } from '../../common/money/money';
import { RequiredReportDto } from '../../rounds/dto/round.dto';
import { AMENDMENT_KINDS, type AmendmentKind } from '../award-amendment.entity';

const SIDES: readonly Side[] = ['JP', 'US'];
export const MAX_MOVES = 20;
/** As many report due dates as a round may require. */
export const MAX_REPORTS = 20;
/** As long as a budget line's category (src/common/money/money-line.dto.ts). */
const CATEGORY_MAX = 60;
const NOTE_MAX = 2000;

/** A calendar date: `YYYY-MM-DD`, and a real day. */
function CalendarDate(): PropertyDecorator {
  return (target, key) => {
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' })(target, key);
  };
}

export class BudgetMoveDto {
  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES)
  side: Side;

  @ApiProperty({ enum: CURRENCIES, description: 'The side’s awarded currency' })
  @IsIn(CURRENCIES)
  currency: Currency;

  @ApiProperty({ maxLength: CATEGORY_MAX, description: 'A category of the current budget' })
  @IsString()
  @MinLength(1)
  @MaxLength(CATEGORY_MAX)
  fromCategory: string;

  @ApiProperty({ maxLength: CATEGORY_MAX, description: 'An existing category or a new one' })
  @IsString()
  @MinLength(1)
  @MaxLength(CATEGORY_MAX)
  toCategory: string;

  @ApiProperty({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;
}

/** What changes; which fields are allowed and needed depends on the amendment's kind. */
export class AmendmentChangesDto {
  @ApiPropertyOptional({
    type: [BudgetMoveDto],
    minItems: 1,
    maxItems: MAX_MOVES,
    description: 'budget_move: applied in order',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MOVES)
  @ValidateNested({ each: true })
  @Type(() => BudgetMoveDto)
  moves?: BudgetMoveDto[];

  @ApiPropertyOptional({ format: 'date', description: 'dates' })
  @IsOptional()
  @CalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'no_cost_extension (required), dates' })
  @IsOptional()
  @CalendarDate()
  endsOn?: string;

  @ApiPropertyOptional({
    type: [RequiredReportDto],
    maxItems: MAX_REPORTS,
    description:
      'no_cost_extension: the reports’ new due dates (today or later); without it every report ' +
      'due on or after the old end date moves with the end date',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REPORTS)
  @ValidateNested({ each: true })
  @Type(() => RequiredReportDto)
  reportsRequired?: RequiredReportDto[];

  @ApiPropertyOptional({ type: BilingualLongText, description: 'scope' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualLongText)
  scope?: BilingualLongText;
}

export class CreateAmendmentDto {
  @ApiProperty({ enum: AMENDMENT_KINDS })
  @IsIn(AMENDMENT_KINDS)
  kind: AmendmentKind;

  @ApiProperty({ type: AmendmentChangesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AmendmentChangesDto)
  changes: AmendmentChangesDto;

  @ApiProperty({ type: BilingualLongText, description: 'Why the change is needed' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BilingualLongText)
  reason: BilingualLongText;
}

export class ApproveAmendmentDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;
}

export class DeclineAmendmentDto {
  @ApiProperty({ maxLength: NOTE_MAX, description: 'Why, for the grantee' })
  @IsString()
  @MinLength(1)
  @MaxLength(NOTE_MAX)
  note: string;
}

export class VersionParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}
