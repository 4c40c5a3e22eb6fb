import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';
import type { Partnership } from '../partnership.entity';
import { CityResponse } from './city.dto';

export const PARTNERSHIP_STATUSES = ['active', 'inactive'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export class CreatePartnershipDto {
  @ApiProperty({ format: 'uuid', description: 'A city with country JP' })
  @IsUUID()
  jpCityId: string;

  @ApiProperty({ format: 'uuid', description: 'A city with country US' })
  @IsUUID()
  usCityId: string;

  @ApiProperty({ example: '1957-01-01', format: 'date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'establishedOn must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'establishedOn must be a real date' })
  establishedOn: string;

  @ApiProperty({ enum: PARTNERSHIP_STATUSES })
  @IsIn(PARTNERSHIP_STATUSES)
  status: PartnershipStatus;
}

export class ListPartnershipsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PARTNERSHIP_STATUSES })
  @IsOptional()
  @IsIn(PARTNERSHIP_STATUSES)
  status?: PartnershipStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Partnerships with this city on either side',
  })
  @IsOptional()
  @IsUUID()
  cityId?: string;
}

export class PartnershipResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: CityResponse })
  jpCity: CityResponse;

  @ApiProperty({ type: CityResponse })
  usCity: CityResponse;

  @ApiProperty({ example: '1957-01-01', format: 'date' })
  establishedOn: string;

  @ApiProperty({ enum: PARTNERSHIP_STATUSES })
  status: PartnershipStatus;

  /** `partnership` must have been loaded with both cities joined. */
  static of(partnership: Partnership): PartnershipResponse {
    if (!partnership.jpCity || !partnership.usCity) {
      throw new Error(`Partnership ${partnership.id} was loaded without its cities`);
    }
    return {
      id: partnership.id,
      jpCity: CityResponse.of(partnership.jpCity),
      usCity: CityResponse.of(partnership.usCity),
      establishedOn: partnership.establishedOn,
      status: partnership.status,
    };
  }
}

export class PartnershipPage {
  @ApiProperty({ type: [PartnershipResponse] })
  data: PartnershipResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export const IMPORT_ROW_STATUSES = ['created', 'skipped', 'rejected'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

export class ImportRowResult {
  @ApiProperty({ description: 'Line of the CSV file (the header is line 1)' })
  line: number;

  @ApiProperty({ enum: IMPORT_ROW_STATUSES })
  status: ImportRowStatus;

  @ApiPropertyOptional({ description: 'Why the row was skipped or rejected' })
  reason?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The created or already existing partnership',
  })
  partnershipId?: string;
}

export class ImportReport {
  @ApiProperty()
  created: number;

  @ApiProperty()
  skipped: number;

  @ApiProperty()
  rejected: number;

  @ApiProperty({ type: [ImportRowResult] })
  rows: ImportRowResult[];
}

export class ImportUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'CSV with the header jp_city_en,jp_city_ja,jp_region,us_city,us_region,us_timezone,established_year',
  })
  file: unknown;
}
