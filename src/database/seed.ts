import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { Role } from '../auth/roles';
import { ChangeLog } from '../audit/change-log.service';
import { CoreModule } from '../core.module';
import { City } from '../partnerships/city.entity';
import { ImportReport } from '../partnerships/dto/partnership.dto';
import { PartnershipImportService } from '../partnerships/partnership-import.service';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { hashPassword } from '../users/password';
import { User } from '../users/user.entity';

/** Public on purpose: the README lists these logins. Never seed a production database. */
export const DEMO_PASSWORD = 'demo-password-2026';
const DEMO_DOMAIN = 'demo.grants.example';

const REPO_ROOT = path.resolve(__dirname, '..', '..'); // src/ and dist/ are both one deep

/** The repository's own copy of the sample, for tests and for images without ../shared. */
export const BUNDLED_SAMPLE_CSV = path.join(REPO_ROOT, 'data', 'sister-cities.csv');

/**
 * `../shared/data/sister-cities.csv` beside the repository (the current sample) when present,
 * else the bundled copy; `SEED_CSV` overrides both.
 */
export function defaultSeedCsv(): string {
  const shared = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'sister-cities.csv');
  return existsSync(shared) ? shared : BUNDLED_SAMPLE_CSV;
}

interface DemoUser {
  login: string;
  role: Role;
  displayName: string;
  /** The city of a city user, by its natural key. */
  city?: { country: 'JP' | 'US'; region: string; nameEn: string };
  reviewer?: { country: 'JP' | 'US'; region: string };
}

/** One user per role, and a city user on each side of a partnership (Osaka–San Francisco is not San Diego's). */
const DEMO_USERS: DemoUser[] = [
  { login: 'admin', role: 'admin', displayName: 'Demo Admin' },
  { login: 'officer', role: 'program_officer', displayName: 'Demo Program Officer' },
  {
    login: 'reviewer',
    role: 'reviewer',
    displayName: 'Demo Reviewer',
    reviewer: { country: 'US', region: 'US-WA' },
  },
  {
    login: 'osaka',
    role: 'city_user',
    displayName: 'Osaka City Hall',
    city: { country: 'JP', region: 'JP-27', nameEn: 'Osaka' },
  },
  {
    // San Diego's sister city, so the demo can walk a co-signed application end to end.
    login: 'yokohama',
    role: 'city_user',
    displayName: 'Yokohama City',
    city: { country: 'JP', region: 'JP-14', nameEn: 'Yokohama' },
  },
  {
    login: 'sandiego',
    role: 'city_user',
    displayName: 'City of San Diego',
    city: { country: 'US', region: 'US-CA', nameEn: 'San Diego' },
  },
  { login: 'finance', role: 'finance_officer', displayName: 'Demo Finance Officer' },
  { login: 'approver', role: 'finance_approver', displayName: 'Demo Finance Approver' },
  { login: 'auditor', role: 'auditor', displayName: 'Demo Auditor' },
];

export interface SeedReport {
  partnerships: ImportReport;
  users: { email: string; role: Role; created: boolean }[];
}

/**
 * The demo data of SPEC §2: the sample partnerships (through the CSV import, so the same rules
 * apply) and one user per role. Idempotent: rows are matched on natural keys (pair of cities,
 * e-mail), so a second run creates nothing.
 */
export async function seed(
  app: INestApplicationContext,
  csvPath = process.env.SEED_CSV || defaultSeedCsv(),
): Promise<SeedReport> {
  const partnerships = await app
    .get(PartnershipImportService)
    .importCsv(null, readFileSync(csvPath));
  const users = await seedUsers(app.get(DataSource), app.get(ChangeLog));
  return { partnerships, users };
}

async function seedUsers(dataSource: DataSource, changeLog: ChangeLog) {
  const emails = DEMO_USERS.map((u) => `${u.login}@${DEMO_DOMAIN}`);
  const existing = new Set(
    (
      await dataSource
        .getRepository(User)
        .createQueryBuilder('u')
        .select('lower(u.email)', 'email')
        .where('lower(u.email) IN (:...emails)', { emails })
        .getRawMany<{ email: string }>()
    ).map((row) => row.email),
  );
  // argon2 is slow on purpose: hash once, and only when someone is missing.
  const passwordHash = existing.size < emails.length ? await hashPassword(DEMO_PASSWORD) : '';

  const report: SeedReport['users'] = [];
  for (const demo of DEMO_USERS) {
    const email = `${demo.login}@${DEMO_DOMAIN}`;
    const created =
      !existing.has(email) &&
      (await dataSource.transaction(async (manager) => {
        const cityId = demo.city ? (await manager.findOneByOrFail(City, demo.city)).id : null;
        // ON CONFLICT DO NOTHING: the unique index is on lower(email); a parallel seed may win.
        const inserted = (await manager
          .createQueryBuilder()
          .insert()
          .into(User)
          .values({
            email,
            passwordHash,
            displayName: demo.displayName,
            role: demo.role,
            locale: demo.city?.country === 'JP' ? 'ja' : 'en',
            cityId,
            country: demo.reviewer?.country ?? null,
            region: demo.reviewer?.region ?? null,
          })
          .orIgnore()
          .returning(['id'])
          .updateEntity(false)
          .execute()) as { raw: { id: string }[] };
        const id = inserted.raw[0]?.id;
        if (!id) return false;
        await changeLog.record(manager, {
          actor: null,
          action: 'user.created',
          entity: { type: 'user', id },
          data: { email, role: demo.role, cityId, source: 'seed' },
        });
        return true;
      }));
    report.push({ email, role: demo.role, created });
  }
  return report;
}

/** What `npm run seed` needs: the database, the audit trail and the import. */
@Module({ imports: [CoreModule, PartnershipsModule] })
class SeedModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(SeedModule, {
    logger: ['error', 'warn'],
  });
  try {
    const { partnerships, users } = await seed(app);
    const out = process.stdout;
    out.write(
      `Partnerships: ${partnerships.created} created, ${partnerships.skipped} already there, ` +
        `${partnerships.rejected} rejected\n`,
    );
    for (const row of partnerships.rows.filter((r) => r.status === 'rejected')) {
      out.write(`  line ${row.line}: ${row.reason}\n`);
    }
    out.write(`\nDemo logins (password for all: ${DEMO_PASSWORD})\n`);
    for (const user of users) {
      out.write(
        `  ${user.role.padEnd(17)} ${user.email.padEnd(34)} ${user.created ? 'created' : 'exists'}\n`,
      );
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
