import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import { Environment } from '../config/environment';
import { hashPassword } from './password';
import { User } from './user.entity';

/** Serialises API instances booting at once, so only one of them creates the first admin. */
const BOOTSTRAP_ADMIN_LOCK = 5_117_002;

/**
 * SPEC §2: with BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD set and no active admin, API
 * start-up creates that admin. Only the API runs this (the worker does not import UsersModule).
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly log = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly changes: ChangeLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.env.BOOTSTRAP_ADMIN_EMAIL?.toLowerCase();
    const password = this.env.BOOTSTRAP_ADMIN_PASSWORD;
    if (!email || !password) return;
    if (await this.dataSource.getRepository(User).existsBy({ role: 'admin', active: true })) return;

    const passwordHash = await hashPassword(password);
    const outcome = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_ADMIN_LOCK]);
      if (await manager.existsBy(User, { role: 'admin', active: true })) return 'exists';
      const taken = await manager
        .createQueryBuilder(User, 'u')
        .where('lower(u.email) = :email', { email })
        .getExists();
      if (taken) return 'email_taken';
      const admin = manager.create(User, {
        email,
        passwordHash,
        displayName: 'Administrator',
        role: 'admin',
        locale: 'en',
        cityId: null,
        affiliations: [],
        active: true,
      });
      await manager.save(admin);
      await this.changes.record(manager, {
        actor: null,
        action: 'user.created',
        entity: { type: 'user', id: admin.id },
        data: { email, role: 'admin', bootstrap: true },
      });
      return 'created';
    });
    if (outcome === 'created') this.log.log(`Bootstrap admin ${email} created`);
    if (outcome === 'email_taken') {
      this.log.warn(
        `No active admin, but BOOTSTRAP_ADMIN_EMAIL ${email} belongs to another (or a deactivated) user; nothing created`,
      );
    }
  }
}
