import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'officer@grants.example', maxLength: 254 })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 256, format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT (HS256) for `Authorization: Bearer …`' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque, single use: each refresh returns a new one' })
  refreshToken: string;

  @ApiProperty({ description: 'Access-token lifetime in seconds', example: 900 })
  expiresIn: number;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty() role: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) cityId: string | null;
  @ApiProperty({ enum: ['en', 'ja'] }) locale: 'en' | 'ja';
}

export class SessionDto {
  @ApiProperty({ description: 'JWT (HS256) for `Authorization: Bearer …`; kept in memory only' })
  accessToken: string;

  @ApiProperty({ description: 'Access-token lifetime in seconds', example: 900 })
  expiresIn: number;

  @ApiProperty({
    description: 'Send it back as `X-CSRF-Token` to refresh or end the session (also in a cookie)',
  })
  csrfToken: string;
}
