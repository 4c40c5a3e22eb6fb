import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { User } from '../users/user.entity';
import type { Principal } from './principal';

/** Reads the caller's current role and city on every request, so a deactivation bites at once. */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly dataSource: DataSource) {}

  async forUser(userId: string): Promise<Principal | null> {
    const user = await this.dataSource.getRepository(User).findOne({
      where: { id: userId, active: true },
      select: { id: true, role: true, cityId: true, locale: true },
    });
    return user
      ? { kind: 'user', userId: user.id, role: user.role, cityId: user.cityId, locale: user.locale }
      : null;
  }
}
