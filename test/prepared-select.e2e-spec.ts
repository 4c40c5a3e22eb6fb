import { PreparedSelect } from '../src/database/prepared-select';
import { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import { createCity, createUser } from './support/factories';

/** PreparedSelect (the hot reads' prepared statements) returns what TypeORM's own run returns. */
describe('PreparedSelect', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const byRole = (role: string, cityId?: string) => {
    const qb = ctx.db
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.city', 'c')
      .where('u.role = :role', { role });
    if (cityId) qb.andWhere('u.cityId = :cityId', { cityId });
    return qb.orderBy('u.email', 'ASC');
  };

  it('hydrates the same entities as getMany, run after run, for each variant', async () => {
    const city = await createCity(ctx, { country: 'JP' });
    await createUser(ctx, { role: 'city_user', cityId: city.id });
    await createUser(ctx, { role: 'city_user', cityId: city.id });
    await createUser(ctx, { role: 'auditor' });
    const prepared = new PreparedSelect('users_by_role');
    for (let run = 0; run < 7; run++) {
      for (const [variant, qb] of [
        ['role', byRole(run % 2 ? 'auditor' : 'city_user')],
        ['role+city', byRole('city_user', city.id)],
      ] as const) {
        const expected = await qb.getMany();
        expect(expected.length).toBeGreaterThan(0);
        expect(await prepared.many(ctx.db.manager, variant, qb)).toEqual(expected);
      }
    }
  });

  it('refuses a query whose parameters are not those its variant was compiled with', async () => {
    const prepared = new PreparedSelect('users_by_role_strict');
    await prepared.many(ctx.db.manager, 'v', byRole('auditor'));
    await expect(
      prepared.many(ctx.db.manager, 'v', byRole('city_user', ctx.env.JWT_SECRET)),
    ).rejects.toThrow(/parameters cityId,role are not role/);
  });
});
