import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { keyMatches, prefixOf } from '../api-keys/api-key-secret';
import { User } from '../users/user.entity';
import type { ApiKeyScope, Principal } from './principal';
import { PrincipalCache } from './principal-cache';

/** `lastUsedAt` is a hint for admins, not an audit trail: one write per key per minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface ApiKeyRow {
  id: string;
  keyHash: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  userId: string;
  role: User['role'];
  cityId: string | null;
  locale: User['locale'];
}

/**
 * The caller's current role and city, read from PostgreSQL — or from the principal cache, which
 * PostgreSQL empties of a user the moment the user or one of its keys changes, so a deactivation
 * or a revocation still bites at once.
 */
@Injectable()
export class PrincipalLoader {
  private readonly log = new Logger(PrincipalLoader.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: PrincipalCache,
  ) {}

  async forUser(userId: string): Promise<Principal | null> {
    // A forged token's `sub` may be anything; it names no user (and would be a uuid cast error).
    if (!isUUID(userId)) return null;
    const cacheKey = `user:${userId}`;
    const cached = this.cache.get<Principal>(cacheKey);
    if (cached) return cached;
    const generation = this.cache.generation;
    // Plain SQL: this runs on every authenticated request, and building it through the query
    // builder each time cost more CPU than the query itself.
    const [user] = (await this.dataSource.query(
      'SELECT id, role, city_id, locale FROM users WHERE id = $1 AND active',
      [userId],
    )) as { id: string; role: User['role']; city_id: string | null; locale: User['locale'] }[];
    if (!user) return null;
    const principal: Principal = {
      kind: 'user',
      userId: user.id,
      role: user.role,
      cityId: user.city_id,
      locale: user.locale,
    };
    this.cache.keep(cacheKey, principal, generation);
    return principal;
  }

  /** An unrevoked key of an active user, acting with that user's role and city. */
  async forApiKey(key: string): Promise<Principal | null> {
    const prefix = prefixOf(key);
    if (!prefix) return null;
    const row = await this.apiKeyRow(prefix);
    if (!row || !keyMatches(key, row.keyHash)) return null;

    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      row.lastUsedAt = new Date();
      this.touch(row.id);
    }
    return {
      kind: 'api_key',
      userId: row.userId,
      role: row.role,
      cityId: row.cityId,
      locale: row.locale,
      apiKeyId: row.id,
      scopes: row.scopes,
    };
  }

  /** The key's row with its user's role and city; the key is checked against it by the caller. */
  private async apiKeyRow(prefix: string): Promise<ApiKeyRow | undefined> {
    const cacheKey = `key:${prefix}`;
    const cached = this.cache.get<ApiKeyRow>(cacheKey);
    if (cached) return cached;
    const generation = this.cache.generation;
    const row = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .innerJoin(User, 'u', 'u.id = k.userId AND u.active')
      .select([
        'k.id AS "id"',
        'k.keyHash AS "keyHash"',
        'k.scopes AS "scopes"',
        'k.lastUsedAt AS "lastUsedAt"',
        'u.id AS "userId"',
        'u.role AS "role"',
        'u.cityId AS "cityId"',
        'u.locale AS "locale"',
      ])
      .where('k.prefix = :prefix AND k.revokedAt IS NULL', { prefix })
      .getRawOne<ApiKeyRow>();
    if (row) this.cache.keep(cacheKey, row, generation);
    return row;
  }

  /** Fire-and-forget: the request does not wait for (or fail with) this bookkeeping write. */
  private touch(apiKeyId: string): void {
    this.dataSource
      .query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [apiKeyId],
      )
      .catch((err: unknown) => this.log.warn({ err, apiKeyId }, 'could not record lastUsedAt'));
  }
}
