import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { sha256Hex } from '../api-keys/api-key-secret';
import { ChangeLog } from '../audit/change-log.service';
import { AppError, notFound } from '../common/errors/app-error';
import { Environment } from '../config/environment';
import { hashPassword, verifyPassword } from '../users/password';
import { User } from '../users/user.entity';
import type { AccessTokenClaims } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import type { Principal } from './principal';
import { RefreshToken } from './refresh-token.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: User['role'];
  cityId: string | null;
  locale: User['locale'];
}

/** One answer for every failed login, so it never tells whether the e-mail exists. */
const loginRefused = () => new AppError('unauthenticated', 'Wrong e-mail or password');
const refreshRefused = () =>
  new AppError('unauthenticated', 'The refresh token is invalid, expired or revoked');

type RefreshOutcome = { kind: 'rotated'; tokens: TokenPair } | { kind: 'refused' };

const userPrincipal = (user: User): Principal => ({
  kind: 'user',
  userId: user.id,
  role: user.role,
  cityId: user.cityId,
  locale: user.locale,
});

@Injectable()
export class AuthService {
  /**
   * An unknown e-mail is verified against this hash (same argon2id parameters as real ones), so a
   * failed login takes the same time whether or not the account exists.
   */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly env: Environment,
    private readonly throttle: LoginThrottle,
    private readonly changes: ChangeLog,
  ) {
    this.dummyHash = hashPassword(randomBytes(24).toString('base64url'));
  }

  async login(email: string, password: string, ip: string): Promise<TokenPair> {
    const address = email.trim().toLowerCase();
    await this.throttle.assertAllowed(address, ip);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = :address', { address })
      .getOne();
    const valid = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(address, ip);
      throw loginRefused();
    }
    await this.throttle.recordSuccess(address);
    return this.dataSource.transaction(async (manager) => {
      const tokens = await this.issue(manager, user.id, randomUUID());
      await this.changes.record(manager, {
        actor: userPrincipal(user),
        action: 'auth.logged_in',
        entity: { type: 'user', id: user.id },
        data: { ip },
      });
      return tokens;
    });
  }

  /**
   * Rotation with reuse detection: the token's row is locked, so of two concurrent refreshes one
   * rotates and the other then sees a rotated token. Presenting a rotated token means it was
   * copied (or raced): the whole family is revoked, including the token that replaced it.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<RefreshOutcome> => {
      const current = await manager.findOne(RefreshToken, {
        where: { tokenHash: sha256Hex(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.revokedAt || current.expiresAt.getTime() <= Date.now()) {
        return { kind: 'refused' };
      }
      if (current.replacedBy) {
        const revoked = await this.revokeFamily(manager, current.familyId);
        await this.changes.record(manager, {
          actor: null,
          action: 'auth.refresh_token_reused',
          entity: { type: 'user', id: current.userId },
          data: { familyId: current.familyId, revokedTokens: revoked },
        });
        return { kind: 'refused' };
      }
      const active = await manager.existsBy(User, { id: current.userId, active: true });
      if (!active) return { kind: 'refused' };
      return {
        kind: 'rotated',
        tokens: await this.issue(manager, current.userId, current.familyId, current),
      };
    });
    // Thrown after the commit, so a reuse's revocation and audit event stay written.
    if (outcome.kind === 'refused') throw refreshRefused();
    return outcome.tokens;
  }

  /** Ends the session the token belongs to; answers the same whether or not it was valid. */
  async logout(refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(RefreshToken, {
        where: { tokenHash: sha256Hex(refreshToken), revokedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) return;
      const revoked = await this.revokeFamily(manager, current.familyId);
      await this.changes.record(manager, {
        actor: null,
        action: 'auth.logged_out',
        entity: { type: 'user', id: current.userId },
        data: { familyId: current.familyId, revokedTokens: revoked },
      });
    });
  }

  /**
   * Who the caller is. Role and city are the principal's — what this request was authorized
   * with — so `/me` never claims a role the API does not yet act on (a role changed a moment
   * ago is seen by both once this process hears of the change); the rest is read fresh.
   */
  async me(principal: Principal): Promise<Me> {
    const user = await this.dataSource.getRepository(User).findOne({
      where: { id: principal.userId, active: true },
      select: { id: true, email: true, displayName: true, locale: true },
    });
    if (!user) throw notFound('User');
    const { id, email, displayName, locale } = user;
    return { id, email, displayName, role: principal.role, cityId: principal.cityId, locale };
  }

  private async issue(
    manager: EntityManager,
    userId: string,
    familyId: string,
    replaces?: RefreshToken,
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const id = randomUUID();
    await manager.insert(RefreshToken, {
      id,
      userId,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    if (replaces) await manager.update(RefreshToken, { id: replaces.id }, { replacedBy: id });
    const claims: Omit<AccessTokenClaims, 'exp'> = { sub: userId, typ: 'access' };
    return {
      accessToken: this.jwt.sign(claims),
      refreshToken,
      expiresIn: this.env.JWT_ACCESS_TTL_SECONDS,
    };
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<number> {
    const result = await manager.update(
      RefreshToken,
      { familyId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return result.affected ?? 0;
  }
}
