import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';
import { CURRENCIES, type Currency } from '../../common/money/money';
import type { FxRate } from '../fx-rate.entity';
import { trimRate } from '../fx';

export class RecordFxRateDto {
  @ApiProperty({ enum: CURRENCIES, example: 'USD' })
  @IsIn(CURRENCIES)
  base: Currency;

  @ApiProperty({ enum: CURRENCIES, example: 'JPY', description: 'Not the base' })
  @IsIn(CURRENCIES)
  quote: Currency;

  @ApiProperty({
    example: '151.2345',
    description: '1 base = rate quote; plain decimal, at most 14 integer and 10 fractional digits',
  })
  @IsString()
  @MaxLength(40)
  rate: string;

  @ApiProperty({
    example: '2026-04-01',
    description: 'The first day the rate applies (YYYY-MM-DD)',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'effectiveOn must be a real calendar date' })
  effectiveOn: string;
}

export class ListFxRatesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CURRENCIES })
  @IsOptional()
  @IsIn(CURRENCIES)
  base?: Currency;

  @ApiPropertyOptional({ enum: CURRENCIES })
  @IsOptional()
  @IsIn(CURRENCIES)
  quote?: Currency;
}

export class FxRateResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CURRENCIES })
  base: Currency;

  @ApiProperty({ enum: CURRENCIES })
  quote: Currency;

  @ApiProperty({ example: '151.2345', description: 'Exact decimal string' })
  rate: string;

  @ApiProperty({ example: '2026-04-01' })
  effectiveOn: string;

  @ApiProperty({ format: 'uuid' })
  recordedBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(row: FxRate): FxRateResponse {
    return {
      id: row.id,
      base: row.base,
      quote: row.quote,
      rate: trimRate(row.rate),
      effectiveOn: row.effectiveOn,
      recordedBy: row.recordedBy,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class FxRatePage {
  @ApiProperty({ type: [FxRateResponse] })
  data: FxRateResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
