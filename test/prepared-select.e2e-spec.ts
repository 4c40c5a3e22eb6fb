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
        expect(await prepared.many(variant, qb)).toEqual(expected);
      }
    }
  });

  it("rows: builds a variant once, then runs its SQL with each call's values", async () => {
    const city = await createCity(ctx, { country: 'US' });
    const [first, second] = [
      await createUser(ctx, { role: 'city_user', cityId: city.id }),
      await createUser(ctx, { role: 'reviewer' }),
    ];
    const prepared = new PreparedSelect('user_rows');
    let built = 0;
    const byId = (id: string) => {
      built++;
      return ctx.db
        .getRepository(User)
        .createQueryBuilder('u')
        .select(['u.id AS id', 'u.role AS role'])
        .where('u.id = :id', { id });
    };
    for (const user of [first, second, first]) {
      const rows = await prepared.rows(ctx.db.manager, 'v', () => byId(user.id), { id: user.id });
      expect(rows).toEqual([{ id: user.id, role: user.role }]);
    }
    expect(built).toBe(1);
    await expect(
      prepared.rows(ctx.db.manager, 'v', () => byId(first.id), { id: first.id, role: 'x' }),
    ).rejects.toThrow(/parameters id,role are not id/);
  });

  it("locks on the transaction's own connection, and refuses to lock outside one", async () => {
    const auditor = await createUser(ctx, { role: 'auditor' });
    const prepared = new PreparedSelect('user_locked');
    const locked = (manager = ctx.db.manager) =>
      manager
        .getRepository(User)
        .createQueryBuilder('u')
        .where('u.id = :id', { id: auditor.id })
        .setLock('pessimistic_write');
    await expect(prepared.one('v', locked())).rejects.toThrow(/outside a transaction/);
    await ctx.db.transaction(async (manager) => {
      expect((await prepared.one('v', locked(manager)))?.id).toBe(auditor.id);
      // Another connection cannot take the row meanwhile: the lock is this transaction's.
      const [{ taken }] = await ctx.db.query(
        `SELECT count(*)::int AS taken FROM (SELECT 1 FROM users WHERE id = $1 FOR UPDATE SKIP LOCKED) x`,
        [auditor.id],
      );
      expect(taken).toBe(0);
    });
  });

  it('refuses a query whose parameters are not those its variant was compiled with', async () => {
    const prepared = new PreparedSelect('users_by_role_strict');
    await prepared.many('v', byRole('auditor'));
    await expect(prepared.many('v', byRole('city_user', ctx.env.JWT_SECRET))).rejects.toThrow(
      /parameters cityId,role are not role/,
    );
  });
});
