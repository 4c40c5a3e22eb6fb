import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestContext } from '../support/app';
import {
  bearer,
  createApplication,
  createCity,
  createPartnership,
  createRound,
} from '../support/factories';

/**
 * Issue 9: a city user smuggling server-owned fields (status, role, cityId, contentHash,
 * amountMinor, version, createdBy, jpCityId) gets a 400 (strict whitelist) and the row stays
 * exactly as it was.
 */
describe('security: mass assignment (issue 9)', () => {
  let ctx: TestContext;
  let cityUser: { auth: string; user: { id: string } };
  let applicationId: string;
  let otherCityId: string;

  const SMUGGLED = {
    status: 'approved',
    role: 'admin',
    contentHash: 'f'.repeat(64),
    amountMinor: 999_999_999,
    version: 99,
    createdBy: randomUUID(),
    verifiedBy: randomUUID(),
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const round = await createRound(ctx);
    const partnership = await createPartnership(ctx);
    otherCityId = (await createCity(ctx, { country: 'US' })).id;
    cityUser = await bearer(ctx, { role: 'city_user', cityId: partnership.jpCityId });
    applicationId = (
      await createApplication(ctx, round, partnership, {
        status: 'draft',
        createdBy: cityUser.user.id,
      })
    ).id;
  });
  afterAll(() => ctx.close());

  const row = async (table: string, id: string) =>
    ((await ctx.db.query(`SELECT * FROM ${table} WHERE id = $1`, [id])) as unknown[])[0];
  const count = async (table: string) =>
    Number(
      ((await ctx.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n,
    );

  it('refuses server-owned fields on PATCH /applications/:id and leaves the row unchanged', async () => {
    const before = await row('applications', applicationId);
    for (const [field, value] of Object.entries({
      ...SMUGGLED,
      jpCityId: otherCityId,
      usCityId: otherCityId,
      cityId: otherCityId,
    })) {
      const res = await request(ctx.http)
        .patch(`/api/v1/applications/${applicationId}`)
        .set('Authorization', cityUser.auth)
        .set('If-Match', '"1"')
        .send({ startsOn: '2027-04-02', [field]: value });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await row('applications', applicationId)).toEqual(before);
  });

  it('refuses server-owned fields on POST /applications and writes nothing', async () => {
    const before = await count('applications');
    const res = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', cityUser.auth)
      .send({
        status: 'approved',
        jpCityId: otherCityId,
        createdBy: randomUUID(),
        contentHash: 'x',
      });
    expect(res.status).toBe(400);
    expect(await count('applications')).toBe(before);
  });

  it('refuses status "verified" and foreign fields on POST /payee-accounts and writes nothing', async () => {
    const before = await count('payee_accounts');
    const res = await request(ctx.http)
      .post('/api/v1/payee-accounts')
      .set('Authorization', cityUser.auth)
      .send({
        cityId: otherCityId,
        rail: 'ach',
        accountType: 'checking',
        accountNumber: '000123456789',
        routingNumber: '121000248',
        holderName: 'CITY',
        status: 'verified',
        verifiedBy: randomUUID(),
      });
    expect(res.status).toBe(400);
    expect(await count('payee_accounts')).toBe(before);
  });

  it('refuses status, amountMinor and awardId on grantee report routes and writes nothing', async () => {
    const before = await count('grantee_reports');
    const res = await request(ctx.http)
      .post(`/api/v1/awards/${randomUUID()}/reports`)
      .set('Authorization', cityUser.auth)
      .send({
        kind: 'final',
        side: 'JP',
        narrative: { en: 'Done' },
        status: 'accepted',
        amountMinor: 1,
        awardId: randomUUID(),
      });
    expect(res.status).toBe(400);
    const patch = await request(ctx.http)
      .patch(`/api/v1/reports/${randomUUID()}`)
      .set('Authorization', cityUser.auth)
      .set('If-Match', '"1"')
      .send({ status: 'accepted', version: 7 });
    expect(patch.status).toBe(400);
    expect(await count('grantee_reports')).toBe(before);
  });

  it('refuses role and cityId changes smuggled to an admin-only user route (403, unchanged)', async () => {
    const before = await row('users', cityUser.user.id);
    const res = await request(ctx.http)
      .patch(`/api/v1/users/${cityUser.user.id}`)
      .set('Authorization', cityUser.auth)
      .send({ role: 'admin', cityId: otherCityId });
    expect(res.status).toBe(403);
    expect(await row('users', cityUser.user.id)).toEqual(before);
  });
});
