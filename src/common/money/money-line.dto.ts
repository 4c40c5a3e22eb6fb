import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CURRENCIES, type Currency } from './money';

/** An amount with what it is for: a budget line of an application, an expense of a report. */
export class MoneyLineDto {
  @ApiProperty({ maxLength: 60, example: 'travel' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  category: string;

  @ApiProperty({ maxLength: 500, example: 'Flights for 6 students' })
  @IsString()
  @MaxLength(500)
  description: string;

  @ApiProperty({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor: number;

  @ApiProperty({ enum: CURRENCIES })
  @IsIn(CURRENCIES)
  currency: Currency;
}
