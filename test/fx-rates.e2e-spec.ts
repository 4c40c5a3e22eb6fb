import request from 'supertest';
import { createTestApp, TestContext } from './support/app';
import { bearer } from './support/factories';

describe('FX rates (SPEC §5.9)', () => {
  let ctx: TestContext;
  let finance: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    finance = (await bearer(ctx, { role: 'finance_officer' })).auth;
  });
  afterAll(() => ctx.close());

  const record = (body: object, auth = finance) =>
    request(ctx.http).post('/api/v1/fx-rates').set('Authorization', auth).send(body);
  const rowCount = async () =>
    ((await ctx.db.query('SELECT COUNT(*)::int AS n FROM fx_rates')) as { n: number }[])[0].n;

  it('records a rate exactly, audits it, and lists rates newest day first with filters', async () => {
    const res = await record({
      base: 'USD',
      quote: 'JPY',
      rate: '151.2345678901',
      effectiveOn: '2026-04-01',
    }).expect(201);
    expect(res.body).toMatchObject({
      base: 'USD',
      quote: 'JPY',
      rate: '151.2345678901',
      effectiveOn: '2026-04-01',
    });
    await record({ base: 'USD', quote: 'JPY', rate: '150.50', effectiveOn: '2026-04-02' }).expect(
      201,
    );
    const admin = (await bearer(ctx, { role: 'admin' })).auth;
    await record(
      { base: 'JPY', quote: 'USD', rate: '0.0066', effectiveOn: '2026-04-02' },
      admin,
    ).expect(201);

    const [stored] = (await ctx.db.query(`SELECT rate FROM fx_rates WHERE id = $1`, [
      res.body.id,
    ])) as { rate: string }[];
    expect(stored.rate).toBe('151.2345678901');
    const audit = (await ctx.db.query(
      `SELECT action, data FROM audit_events WHERE entity_id = $1`,
      [res.body.id],
    )) as { action: string; data: Record<string, unknown> }[];
    expect(audit).toEqual([
      {
        action: 'fx_rate.recorded',
        data: { base: 'USD', quote: 'JPY', rate: '151.2345678901', effectiveOn: '2026-04-01' },
      },
    ]);

    const auditor = (await bearer(ctx, { role: 'auditor' })).auth;
    const usdJpy = await request(ctx.http)
      .get('/api/v1/fx-rates?base=USD&quote=JPY')
      .set('Authorization', auditor)
      .expect(200);
    // Trailing zeros of numeric(24,10) trimmed: "150.50" reads back as "150.5".
    expect(
      usdJpy.body.data.map((r: { rate: string; effectiveOn: string }) => [r.effectiveOn, r.rate]),
    ).toEqual([
      ['2026-04-02', '150.5'],
      ['2026-04-01', '151.2345678901'],
    ]);
    const page1 = await request(ctx.http)
      .get('/api/v1/fx-rates?limit=2')
      .set('Authorization', auditor)
      .expect(200);
    expect(page1.body.data).toHaveLength(2);
    const page2 = await request(ctx.http)
      .get(`/api/v1/fx-rates?limit=2&cursor=${page1.body.nextCursor}`)
      .set('Authorization', auditor)
      .expect(200);
    expect(page2.body).toMatchObject({ data: [{ effectiveOn: '2026-04-01' }], nextCursor: null });
  });

  it('refuses a second rate for the same pair and day (409 conflict)', async () => {
    const body = { base: 'USD', quote: 'JPY', rate: '149', effectiveOn: '2026-05-01' };
    await record(body).expect(201);
    const before = await rowCount();
    const res = await record({ ...body, rate: '148' }).expect(409);
    expect(res.body).toMatchObject({ code: 'conflict' });
    expect(res.body.detail).toBe('A USD→JPY rate is already recorded for 2026-05-01');
    expect(await rowCount()).toBe(before);
  });

  it('answers 400 for a malformed rate and writes nothing', async () => {
    const ok = { base: 'USD', quote: 'JPY', rate: '150', effectiveOn: '2026-06-01' };
    const before = await rowCount();
    const bad: [string, object, string][] = [
      ['same base and quote', { ...ok, quote: 'USD' }, 'quote'],
      ['an unknown currency', { ...ok, base: 'EUR' }, 'base'],
      ['a float rate', { ...ok, rate: 150.25 }, 'rate'],
      ['an exponent', { ...ok, rate: '1e5' }, 'rate'],
      ['a negative rate', { ...ok, rate: '-150' }, 'rate'],
      ['a zero rate', { ...ok, rate: '0.000' }, 'rate'],
      ['11 decimals', { ...ok, rate: '1.00000000001' }, 'rate'],
      ['15 integer digits', { ...ok, rate: '123456789012345' }, 'rate'],
      ['a date that does not exist', { ...ok, effectiveOn: '2026-02-30' }, 'effectiveOn'],
      ['an instant for a date', { ...ok, effectiveOn: '2026-06-01T00:00:00Z' }, 'effectiveOn'],
      ['an unknown field', { ...ok, source: 'BoJ' }, 'source'],
      ['no rate', { base: 'USD', quote: 'JPY', effectiveOn: '2026-06-01' }, 'rate'],
    ];
    for (const [what, body, field] of bad) {
      const res = await record(body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({
        what,
        status: 400,
        code: 'validation_failed',
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await request(ctx.http)
      .get('/api/v1/fx-rates?base=EUR')
      .set('Authorization', finance)
      .expect(400);
    expect(await rowCount()).toBe(before);
  });

  it('lets finance officers and admins record (403 otherwise), staff read, nobody anonymous', async () => {
    const body = { base: 'USD', quote: 'JPY', rate: '150', effectiveOn: '2026-07-01' };
    for (const role of [
      'program_officer',
      'finance_approver',
      'auditor',
      'reviewer',
      'city_user',
    ] as const) {
      const { auth } = await bearer(ctx, { role });
      const res = await record(body, auth);
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
    for (const role of ['reviewer', 'city_user'] as const) {
      const { auth } = await bearer(ctx, { role });
      const res = await request(ctx.http).get('/api/v1/fx-rates').set('Authorization', auth);
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
    const officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    await request(ctx.http).get('/api/v1/fx-rates').set('Authorization', officer).expect(200);
    await request(ctx.http).post('/api/v1/fx-rates').send(body).expect(401);
    await request(ctx.http).get('/api/v1/fx-rates').expect(401);
  });
});
