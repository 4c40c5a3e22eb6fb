import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { PrincipalCache } from '../auth/principal-cache';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { RefreshToken } from '../auth/refresh-token.entity';
import { AppError, notFound } from '../common/errors/app-error';
import { assertVersion } from '../common/http/etag';
import { Page, paginate } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import { saveChanges } from '../database/save-changes';
import { City } from '../partnerships/city.entity';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { hashPassword } from './password';
import { User } from './user.entity';

/** The profile fields whose combination depends on the role (SPEC §5.0, §5.4). */
type Profile = Pick<User, 'role' | 'cityId' | 'country' | 'region' | 'affiliations'>;

const isEmailTaken = (error: unknown) => isUniqueViolation(error, 'ux_users_email');

const emailTaken = () => new AppError('conflict', 'A user with this e-mail already exists');

/** What an audit row may say about a user: never the password or its hash. */
const auditable = (fields: Partial<User>) => {
  const data: Record<string, unknown> = { ...fields };
  delete data.passwordHash;
  return data;
};

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeLog,
    /** This process forgets a changed principal at once; the others on its notification. */
    private readonly principals: PrincipalCache,
  ) {}

  async create(actor: Principal | null, input: CreateUserDto): Promise<User> {
    const profile: Profile = {
      role: input.role,
      cityId: input.cityId ?? null,
      country: input.country ?? null,
      region: input.region ?? null,
      affiliations: input.affiliations ?? [],
    };
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.assertProfile(manager, profile);
        const user = manager.create(User, {
          ...profile,
          email: input.email.toLowerCase(),
          passwordHash,
          displayName: input.displayName,
          locale: input.locale,
          active: true,
        });
        await manager.save(user);
        await this.changes.record(manager, {
          actor,
          action: 'user.created',
          entity: { type: 'user', id: user.id },
          data: auditable({
            email: user.email,
            displayName: user.displayName,
            locale: user.locale,
            ...profile,
          }),
        });
        return user;
      });
    } catch (error) {
      if (isEmailTaken(error)) throw emailTaken();
      throw error;
    }
  }

  async list(query: ListUsersQuery): Promise<Page<User>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.cityId) qb.andWhere('u.cityId = :cityId', { cityId: query.cityId });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    return paginate(qb, query, [
      { expression: 'u.createdAt', value: (u) => u.createdAt },
      { expression: 'u.id', value: (u) => u.id },
    ]);
  }

  async get(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('User');
    return user;
  }

  async update(
    actor: Principal,
    id: string,
    input: UpdateUserDto,
    expectedVersion: number | undefined,
  ): Promise<User> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const updated = await this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, id);
      assertVersion(user, expectedVersion);
      if (actor.userId === user.id && input.role !== undefined && input.role !== user.role) {
        throw new AppError('rule_violation', 'An admin cannot change their own role');
      }
      const { password: _password, ...fields } = input;
      const changes: Partial<User> = Object.fromEntries(
        Object.entries(fields).filter(([, value]) => value !== undefined),
      );
      // A role without a city (or a reviewer profile) loses what only the old role carried.
      if (changes.role && changes.role !== 'city_user' && changes.cityId === undefined) {
        changes.cityId = null;
      }
      const profile: Profile = {
        role: changes.role ?? user.role,
        cityId: changes.cityId === undefined ? user.cityId : changes.cityId,
        country: changes.country === undefined ? user.country : changes.country,
        region: changes.region === undefined ? user.region : changes.region,
        affiliations: changes.affiliations ?? user.affiliations,
      };
      await this.assertProfile(manager, profile);

      await saveChanges(manager, User, user, {
        ...changes,
        ...(passwordHash ? { passwordHash } : {}),
      });
      if (passwordHash) await this.revokeSessions(manager, user.id);
      await this.changes.record(manager, {
        actor,
        action: 'user.updated',
        entity: { type: 'user', id: user.id },
        data: { ...auditable(changes), ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return user;
    });
    this.principals.forgetUser(updated.id);
    return updated;
  }

  /** Deactivation bites at once: sessions and keys are revoked in the same transaction. */
  async deactivate(
    actor: Principal,
    id: string,
    expectedVersion: number | undefined,
  ): Promise<User> {
    if (actor.userId === id) {
      throw new AppError('rule_violation', 'An admin cannot deactivate themselves');
    }
    const deactivated = await this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, id);
      assertVersion(user, expectedVersion);
      if (!user.active) throw new AppError('invalid_state', 'The user is already deactivated');
      await saveChanges(manager, User, user, { active: false });
      const revoked = await this.revokeSessions(manager, user.id);
      await this.changes.record(manager, {
        actor,
        action: 'user.deactivated',
        entity: { type: 'user', id: user.id },
        data: revoked,
      });
      return user;
    });
    this.principals.forgetUser(deactivated.id);
    return deactivated;
  }

  private async lockedUser(manager: EntityManager, id: string): Promise<User> {
    const user = await manager.findOne(User, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw notFound('User');
    return user;
  }

  private async revokeSessions(manager: EntityManager, userId: string) {
    const tokens = await manager.update(
      RefreshToken,
      { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    const keys = await manager.update(
      ApiKey,
      { userId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return { revokedRefreshTokens: tokens.affected ?? 0, revokedApiKeys: keys.affected ?? 0 };
  }

  /**
   * A city user belongs to exactly one existing city and nobody else has one; a reviewer says
   * where they are based (the JP/US mix of assignments needs it) and is tied only to real cities.
   */
  private async assertProfile(manager: EntityManager, profile: Profile): Promise<void> {
    if (profile.role === 'city_user' && !profile.cityId) {
      throw new AppError('validation_failed', 'A city_user needs a cityId', [
        { field: 'cityId', message: 'required for the city_user role' },
      ]);
    }
    if (profile.role !== 'city_user' && profile.cityId) {
      throw new AppError('validation_failed', 'Only a city_user belongs to a city', [
        { field: 'cityId', message: `must be absent for the ${profile.role} role` },
      ]);
    }
    if (profile.role === 'reviewer' && !profile.country) {
      throw new AppError('validation_failed', 'A reviewer needs a country (JP or US)', [
        { field: 'country', message: 'required for the reviewer role' },
      ]);
    }
    if (profile.region && profile.country && !profile.region.startsWith(`${profile.country}-`)) {
      throw new AppError('validation_failed', 'The region must lie in the country', [
        { field: 'region', message: `must start with ${profile.country}-` },
      ]);
    }
    const cityIds = [
      ...new Set([profile.cityId, ...profile.affiliations].filter((id) => id !== null)),
    ];
    if (cityIds.length === 0) return;
    const found = await manager.find(City, { where: { id: In(cityIds) }, select: { id: true } });
    const missing = cityIds.filter((id) => !found.some((city) => city.id === id));
    if (missing.length) {
      throw new AppError('rule_violation', `No such city: ${missing.join(', ')}`);
    }
  }
}
