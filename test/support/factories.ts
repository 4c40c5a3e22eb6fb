import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/auth/roles';
import { City } from '../../src/partnerships/city.entity';
import { Partnership } from '../../src/partnerships/partnership.entity';
import { User } from '../../src/users/user.entity';
import { hashPassword } from '../../src/users/password';
import type { TestContext } from './app';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

export interface UserOptions {
  role?: Role;
  email?: string;
  cityId?: string | null;
  locale?: 'en' | 'ja';
  country?: 'JP' | 'US' | null;
  region?: string | null;
  affiliations?: string[];
  active?: boolean;
}

/** A user straight in the database (password TEST_PASSWORD), e.g. `await createUser(ctx, { role: 'auditor' })`. */
export async function createUser(ctx: TestContext, options: UserOptions = {}): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const role = options.role ?? 'admin';
  const repo = ctx.db.getRepository(User);
  return repo.save(
    repo.create({
      email: options.email ?? `${role}.${unique()}@test.example`,
      passwordHash: await passwordHash,
      displayName: `Test ${role}`,
      role,
      locale: options.locale ?? 'en',
      cityId: options.cityId ?? null,
      country: options.country ?? null,
      region: options.region ?? null,
      affiliations: options.affiliations ?? [],
      active: options.active ?? true,
    }),
  );
}

/** A valid access token for `user`, without a login round trip. */
export function tokenFor(ctx: TestContext, user: Pick<User, 'id'>): string {
  return ctx.api.get(JwtService).sign({ sub: user.id, typ: 'access' });
}

/** `Authorization` header value for a fresh user of `role`. */
export async function bearer(ctx: TestContext, options: UserOptions = {}) {
  const user = await createUser(ctx, options);
  return { user, auth: `Bearer ${tokenFor(ctx, user)}` };
}

export async function createCity(
  ctx: TestContext,
  options: Partial<Pick<City, 'country' | 'nameEn' | 'nameJa' | 'region' | 'timezone'>> = {},
): Promise<City> {
  const country = options.country ?? 'JP';
  const repo = ctx.db.getRepository(City);
  return repo.save(
    repo.create({
      country,
      nameEn: options.nameEn ?? `City ${unique()}`,
      nameJa: options.nameJa ?? null,
      region: options.region ?? (country === 'JP' ? 'JP-13' : 'US-CA'),
      timezone: options.timezone ?? (country === 'JP' ? 'Asia/Tokyo' : 'America/Los_Angeles'),
    }),
  );
}

export async function createPartnership(
  ctx: TestContext,
  jpCity?: City,
  usCity?: City,
): Promise<Partnership> {
  const jp = jpCity ?? (await createCity(ctx, { country: 'JP' }));
  const us = usCity ?? (await createCity(ctx, { country: 'US' }));
  const repo = ctx.db.getRepository(Partnership);
  return repo.save(
    repo.create({
      jpCityId: jp.id,
      usCityId: us.id,
      establishedOn: '1957-01-01',
      status: 'active',
    }),
  );
}
