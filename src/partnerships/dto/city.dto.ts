import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

import type { City } from '../city.entity';
import { COUNTRIES, type Country } from '../places';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A city's name. SPEC §3 asks for at least one of en/ja; a city also needs a name every user can
 * read and that the import matches on, so `en` is required and `ja` optional.
 */
export class CityNameDto {
  @ApiProperty({ example: 'Osaka', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  en: string;

  @ApiPropertyOptional({ example: '大阪市', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ja?: string;
}

export class CreateCityDto {
  @ApiProperty({ enum: COUNTRIES })
  @IsIn(COUNTRIES)
  country: Country;

  @ApiProperty({ type: CityNameDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CityNameDto)
  name: CityNameDto;

  @ApiProperty({
    example: 'JP-27',
    description: 'ISO 3166-2 code in the city’s own country: JP-01…JP-47, the US states and DC',
  })
  @IsString()
  @Matches(/^(JP|US)-[A-Z0-9]{2}$/, { message: 'region must be an ISO 3166-2 code like JP-13' })
  region: string;

  @ApiProperty({ example: 'Asia/Tokyo', description: 'IANA zone; Asia/Tokyo for every JP city' })
  @IsString()
  @MaxLength(64)
  timezone: string;
}

export class ListCitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COUNTRIES })
  @IsOptional()
  @IsIn(COUNTRIES)
  country?: Country;

  @ApiPropertyOptional({ example: 'US-CA' })
  @IsOptional()
  @IsString()
  @Matches(/^(JP|US)-[A-Z0-9]{2}$/, { message: 'region must be an ISO 3166-2 code like JP-13' })
  region?: string;
}

export class CityResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: COUNTRIES })
  country: Country;

  @ApiProperty({ type: CityNameDto })
  name: { en: string; ja?: string };

  @ApiProperty({ example: 'JP-27' })
  region: string;

  @ApiProperty({ example: 'Asia/Tokyo' })
  timezone: string;

  static of(city: City): CityResponse {
    return {
      id: city.id,
      country: city.country,
      name: { en: city.nameEn, ...(city.nameJa ? { ja: city.nameJa } : {}) },
      region: city.region,
      timezone: city.timezone,
    };
  }
}

export class CityPage {
  @ApiProperty({ type: [CityResponse] })
  data: CityResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
