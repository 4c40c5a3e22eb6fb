import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Environment } from '../config/environment';
import type { Principal } from './principal';
import { PrincipalLoader } from './principal.loader';

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
}

/** `Authorization: Bearer <access token>`: HS256 only, expiry enforced, user still active. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: Environment,
    private readonly principals: PrincipalLoader,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: env.JWT_SECRET,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Principal | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    return (await this.principals.forUser(claims.sub)) ?? false;
  }
}
