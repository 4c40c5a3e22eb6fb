import { Body, Controller, HttpCode, HttpStatus, Ip, Post, Req, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Environment } from '../config/environment';
import { AppError } from '../common/errors/app-error';
import { NotIdempotent } from '../common/http/idempotency/idempotency.interceptor';
import { problemResponse, Public } from './access.decorators';
import { AuthService, TokenPair } from './auth.service';
import { LoginDto, SessionDto } from './dto/login.dto';

/** Where the refresh cookie is sent: these three routes and nothing else. */
export const SESSION_PATH = '/api/v1/auth/session';
export const REFRESH_COOKIE = 'sdg_refresh';
export const CSRF_COOKIE = 'sdg_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const CSRF_HEADER_DOC = {
  name: 'X-CSRF-Token',
  required: true,
  description: 'The csrfToken of the session (also the `sdg_csrf` cookie)',
};

/**
 * The browser's session (the portal): the same login and rotation as `/auth/login` and
 * `/auth/refresh`, but the refresh token never reaches JavaScript. It lives in an httpOnly,
 * Secure, SameSite=Strict cookie sent only to these routes; the access token is returned for the
 * page to keep in memory. Refreshing and ending the session also need the session's CSRF token
 * in `X-CSRF-Token`, equal to the `sdg_csrf` cookie (double submit): a cross-site request can
 * neither send the cookies (SameSite) nor read the token.
 */
@ApiTags('auth')
@Controller('auth/session')
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly env: Environment,
  ) {}

  @Post()
  @Public()
  @NotIdempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in a browser: access token in the body, refresh token in an httpOnly cookie',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiResponse({ status: 401, ...problemResponse('unauthenticated', 'Wrong e-mail or password') })
  async login(
    @Body() body: LoginDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SessionDto> {
    const tokens = await this.auth.login(body.email, body.password, ip);
    return this.start(res, tokens, randomBytes(24).toString('base64url'));
  }

  @Post('refresh')
  @Public()
  @NotIdempotent()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A new access token from the session cookie (rotates it)' })
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiOkResponse({ type: SessionDto })
  @ApiResponse({ status: 401, ...problemResponse('unauthenticated', 'No valid session') })
  async refresh(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SessionDto> {
    const { refreshToken, csrfToken } = this.sessionOf(req);
    try {
      return this.start(res, await this.auth.refresh(refreshToken), csrfToken);
    } catch (error) {
      this.end(res);
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @NotIdempotent()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End the browser session (its refresh-token family) and clear it',
    description: 'Without a session there is nothing to end: 204 all the same.',
  })
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiNoContentResponse()
  async logout(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    if (cookiesOf(req)[REFRESH_COOKIE]) await this.auth.logout(this.sessionOf(req).refreshToken);
    this.end(res);
  }

  /** The session's cookies, refused (401) unless the CSRF header matches its cookie. */
  private sessionOf(req: FastifyRequest): { refreshToken: string; csrfToken: string } {
    const { [REFRESH_COOKIE]: refreshToken, [CSRF_COOKIE]: csrfToken } = cookiesOf(req);
    const header = req.headers[CSRF_HEADER];
    if (!refreshToken || !csrfToken) {
      throw new AppError('unauthenticated', 'No session: log in again');
    }
    if (typeof header !== 'string' || !sameToken(header, csrfToken)) {
      throw new AppError('forbidden', 'The X-CSRF-Token header does not match the session');
    }
    return { refreshToken, csrfToken };
  }

  private start(res: FastifyReply, tokens: TokenPair, csrfToken: string): SessionDto {
    const maxAge = this.env.REFRESH_TOKEN_TTL_DAYS * 86_400;
    const common = { secure: true, sameSite: 'strict', maxAge } as const;
    res.header('Set-Cookie', [
      fastifyCookie.serialize(REFRESH_COOKIE, tokens.refreshToken, {
        ...common,
        httpOnly: true,
        path: SESSION_PATH,
      }),
      fastifyCookie.serialize(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false, path: '/' }),
    ]);
    res.header('Cache-Control', 'no-store');
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, csrfToken };
  }

  private end(res: FastifyReply): void {
    const gone = { secure: true, sameSite: 'strict', expires: new Date(0), maxAge: 0 } as const;
    res.header('Set-Cookie', [
      fastifyCookie.serialize(REFRESH_COOKIE, '', { ...gone, httpOnly: true, path: SESSION_PATH }),
      fastifyCookie.serialize(CSRF_COOKIE, '', { ...gone, path: '/' }),
    ]);
  }
}

/**
 * The request's cookies, parsed here: only these routes read cookies, so no hook parses them on
 * every request of the API.
 */
function cookiesOf(req: FastifyRequest): Record<string, string | undefined> {
  return req.headers.cookie ? fastifyCookie.parse(req.headers.cookie) : {};
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
