import { Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Environment } from '../config/environment';
import type { Principal } from './principal';
import { PrincipalLoader } from './principal.loader';

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
}

/**
 * The HS256 key as a KeyObject, made once. Given the string, jsonwebtoken first tries to parse it
 * as a PEM public key, and throws and catches that on every request (5 % of the API's CPU).
 */
export const accessTokenKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret));

/** `Authorization: Bearer <access token>`: HS256 only, expiry enforced, user still active. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: Environment,
    private readonly principals: PrincipalLoader,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key to jsonwebtoken as is; its types only name string | Buffer.
      secretOrKey: accessTokenKey(env.JWT_SECRET) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    return (await this.principals.forUser(claims.sub)) ?? false;
  }
}
