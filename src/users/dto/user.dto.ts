import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../auth/roles';
import { PageQuery } from '../../common/http/pagination';
import { MIN_PASSWORD_LENGTH } from '../password';
import type { User } from '../user.entity';

const MAX_AFFILIATIONS = 50;

export class CreateUserDto {
  @ApiProperty({ example: 'reviewer@grants.example', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 256, format: 'password' })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(256)
  password: string;

  @ApiProperty({ maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ enum: ['en', 'ja'] })
  @IsIn(['en', 'ja'])
  locale: 'en' | 'ja';

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Required for a city_user; absent for every other role',
  })
  @IsOptional()
  @IsUUID()
  cityId?: string | null;

  @ApiPropertyOptional({
    enum: ['JP', 'US'],
    nullable: true,
    description: 'Reviewers: where they are based (required for a reviewer)',
  })
  @IsOptional()
  @IsIn(['JP', 'US'])
  country?: 'JP' | 'US' | null;

  @ApiPropertyOptional({
    type: String,
    example: 'JP-13',
    nullable: true,
    description: 'Reviewers: ISO 3166-2',
  })
  @IsOptional()
  @Matches(/^(JP|US)-[A-Z0-9]{1,3}$/, { message: 'region must be ISO 3166-2, e.g. JP-13, US-CA' })
  region?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_AFFILIATIONS,
    description: 'Reviewers: IDs of cities they are tied to (conflict-of-interest checks)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_AFFILIATIONS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  affiliations?: string[];
}

// skipNullProperties: false — an explicit null is validated (and refused) like any other value.
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email'] as const), {
  skipNullProperties: false,
}) {}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  cityId?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: ['en', 'ja'] }) locale: 'en' | 'ja';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) cityId: string | null;
  @ApiProperty({ enum: ['JP', 'US'], nullable: true, type: String }) country: 'JP' | 'US' | null;
  @ApiProperty({ nullable: true, type: String }) region: string | null;
  @ApiProperty({ type: [String] }) affiliations: string[];
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The ETag of the user, as an integer' }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) data: UserDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** The user as the API shows it: everything but the password hash. */
export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    cityId: user.cityId,
    country: user.country,
    region: user.region,
    affiliations: user.affiliations,
    active: user.active,
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
