import request from 'supertest';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { BUNDLED_SAMPLE_CSV, DEMO_PASSWORD, seed } from '../src/database/seed';
import { City } from '../src/partnerships/city.entity';
import { Partnership } from '../src/partnerships/partnership.entity';
import { User } from '../src/users/user.entity';
import { verifyPassword } from '../src/users/password';
import { createTestApp, TestContext } from './support/app';

describe('demo seed (SPEC §2)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const counts = async () => ({
    users: await ctx.db.getRepository(User).count(),
    cities: await ctx.db.getRepository(City).count(),
    partnerships: await ctx.db.getRepository(Partnership).count(),
    auditEvents: await ctx.db.getRepository(AuditEvent).count(),
  });

  it('creates one user per role and the 24 sample partnerships; a second run changes nothing', async () => {
    const first = await seed(ctx.api, BUNDLED_SAMPLE_CSV);
    expect(first.partnerships).toMatchObject({ created: 24, skipped: 0, rejected: 0 });
    expect(first.users.every((u) => u.created)).toBe(true);
    expect(new Set(first.users.map((u) => u.role))).toEqual(
      new Set([
        'admin',
        'program_officer',
        'reviewer',
        'city_user',
        'finance_officer',
        'finance_approver',
        'auditor',
      ]),
    );
    const after = await counts();
    expect(after).toMatchObject({ users: 9, cities: 46, partnerships: 24 });
    // 46 cities + 24 partnerships + 9 users, each audited.
    expect(after.auditEvents).toBe(79);

    const second = await seed(ctx.api, BUNDLED_SAMPLE_CSV);
    expect(second.partnerships).toMatchObject({ created: 0, skipped: 24, rejected: 0 });
    expect(second.users.some((u) => u.created)).toBe(false);
    expect(await counts()).toEqual(after);
  });

  it('the Osaka demo user signs in with the demo password and sees only Osaka’s partnership', async () => {
    const users = ctx.db.getRepository(User);
    const osakaUser = await users.findOneOrFail({
      where: { email: 'osaka@demo.grants.example' },
      relations: { city: true },
    });
    expect(osakaUser).toMatchObject({ role: 'city_user', locale: 'ja', version: 1 });
    expect(osakaUser.city).toMatchObject({ nameEn: 'Osaka', region: 'JP-27' });
    expect(await verifyPassword(osakaUser.passwordHash, DEMO_PASSWORD)).toBe(true);

    const login = await request(ctx.http)
      .post('/api/v1/auth/login')
      .send({ email: osakaUser.email, password: DEMO_PASSWORD })
      .expect(200);
    const res = await request(ctx.http)
      .get('/api/v1/partnerships')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(
      res.body.data.map((p: { usCity: { name: { en: string } } }) => p.usCity.name.en),
    ).toEqual(['San Francisco']);

    const sanDiego = await users.findOneOrFail({
      where: { email: 'sandiego@demo.grants.example' },
      relations: { city: true },
    });
    expect(sanDiego.city).toMatchObject({ nameEn: 'San Diego', country: 'US' });
  });
});
