import { Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderStrategy } from './header-strategy';
import type { Principal } from './principal';
import { PrincipalLoader } from './principal.loader';

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  exp: number;
}

/**
 * The HS256 key as a KeyObject, made once. Given the string, jsonwebtoken first tries to parse it
 * as a PEM public key, and throws and catches that on every request (5 % of the API's CPU).
 */
export const accessTokenKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret));

/** Tokens remembered as verified at most; the map starts again empty past it. */
const MAX_VERIFIED = 10_000;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

const bearerOf = HeaderStrategy(
  'Bearer token',
  (headers) => BEARER.exec(headers.authorization ?? '')?.[1],
);

/**
 * `Authorization: Bearer <access token>`: HS256 only, expiry enforced, user still active (the
 * principal loader). A token's signature is checked once and the token remembered until it
 * expires: it is the same bytes every request of a session sends, and checking it again (HMAC and
 * two JSON parses) was a tenth of a cached read's CPU. The user behind it is still looked up on
 * every request (PrincipalLoader), so a deactivation bites at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(bearerOf, 'jwt') {
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly jwt: JwtService,
    private readonly principals: PrincipalLoader,
  ) {
    super();
  }

  async validate(token: string): Promise<Principal | false> {
    const claims = this.claimsOf(token);
    if (!claims || claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    return (await this.principals.forUser(claims.sub)) ?? false;
  }

  private claimsOf(token: string): AccessTokenClaims | null {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
      return null;
    }
    let claims: AccessTokenClaims;
    try {
      // HS256 only (the module's verifyOptions); expiry and nbf enforced.
      claims = this.jwt.verify<AccessTokenClaims>(token);
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number') return null;
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}
