import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PrincipalCache } from '../auth/principal-cache';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { AppError, notFound } from '../common/errors/app-error';
import { saveChanges } from '../database/save-changes';
import { Page, paginate } from '../common/http/pagination';
import { User } from '../users/user.entity';
import { ApiKey } from './api-key.entity';
import { issueApiKey } from './api-key-secret';
import { CreateApiKeyDto, ListApiKeysQuery } from './dto/api-key.dto';

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The plain key: returned once, never stored. */
  key: string;
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeLog,
    /** This process forgets a changed principal at once; the others on its notification. */
    private readonly principals: PrincipalCache,
  ) {}

  async create(actor: Principal, input: CreateApiKeyDto): Promise<CreatedApiKey> {
    const userId = input.userId ?? actor.userId;
    const issued = issueApiKey();
    return this.dataSource.transaction(async (manager) => {
      const owner = await manager.findOne(User, {
        where: { id: userId },
        select: { id: true, active: true },
        lock: { mode: 'pessimistic_read' },
      });
      if (!owner) throw notFound('User');
      if (!owner.active) {
        throw new AppError('rule_violation', 'A deactivated user cannot be given an API key');
      }
      const apiKey = manager.create(ApiKey, {
        userId,
        name: input.name,
        prefix: issued.prefix,
        keyHash: issued.keyHash,
        scopes: input.scopes,
      });
      await manager.save(apiKey);
      await this.changes.record(manager, {
        actor,
        action: 'api_key.created',
        entity: { type: 'api_key', id: apiKey.id },
        data: { userId, name: apiKey.name, scopes: apiKey.scopes, prefix: apiKey.prefix },
      });
      return { apiKey, key: issued.key };
    });
  }

  list(query: ListApiKeysQuery): Promise<Page<ApiKey>> {
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('k');
    if (query.userId) qb.andWhere('k.userId = :userId', { userId: query.userId });
    return paginate(qb, query, [
      { expression: 'k.createdAt', value: (k) => k.createdAt },
      { expression: 'k.id', value: (k) => k.id },
    ]);
  }

  async revoke(actor: Principal, id: string): Promise<void> {
    const revoked = await this.dataSource.transaction(async (manager) => {
      const apiKey = await manager.findOne(ApiKey, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!apiKey) throw notFound('API key');
      if (apiKey.revokedAt) throw new AppError('invalid_state', 'The API key is already revoked');
      await saveChanges(manager, ApiKey, apiKey, { revokedAt: new Date() });
      await this.changes.record(manager, {
        actor,
        action: 'api_key.revoked',
        entity: { type: 'api_key', id: apiKey.id },
        data: { userId: apiKey.userId, prefix: apiKey.prefix },
      });
      return apiKey;
    });
    this.principals.forgetUser(revoked.userId);
  }
}
