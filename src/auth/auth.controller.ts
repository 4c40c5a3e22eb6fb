import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { NotIdempotent } from '../common/http/idempotency/idempotency.interceptor';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ROLES } from './roles';
import { Allow, CurrentPrincipal, problemResponse, Public } from './access.decorators';
import { AuthService } from './auth.service';
import { LoginDto, MeDto, RefreshDto, TokenPairDto } from './dto/login.dto';
import { API_KEY_SCOPES, type Principal } from './principal';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @NotIdempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in: an access token (15 min) and a single-use refresh token',
    description:
      'A wrong password, an unknown e-mail and a deactivated account all answer the same 401. ' +
      'Failed logins are counted per e-mail and per IP; past the limit → 429 with Retry-After.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiResponse({ status: 401, ...problemResponse('unauthenticated', 'Wrong e-mail or password') })
  login(@Body() body: LoginDto, @Ip() ip: string) {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('auth/refresh')
  @Public()
  @NotIdempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Rotate a refresh token',
    description: 'Presenting an already-rotated token revokes its whole family (401).',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiResponse({
    status: 401,
    ...problemResponse('unauthenticated', 'The refresh token is invalid, expired or revoked'),
  })
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('auth/logout')
  @Public()
  @NotIdempotent()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke the refresh token’s family (the session)' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  /** Any API key may ask whose key it is, whatever its scopes. */
  @Get('me')
  @Allow(ROLES, { scopes: API_KEY_SCOPES })
  @ApiOperation({ summary: 'The caller’s own profile' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal) {
    return this.auth.me(principal);
  }
}
