import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
} from './support/factories';

/**
 * The office's list of reviewers for assigning by hand (SPEC §5.4): each with the conflict the
 * API would refuse them for, their load in the round and their assignment to the application.
 */
describe('GET /applications/:id/reviewer-candidates', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx?.close());

  it('names each reviewer’s conflict, load and assignment, unconflicted and least loaded first', async () => {
    const officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    const sendai = await createCity(ctx, { country: 'JP', region: 'JP-04' });
    const riverside = await createCity(ctx, { country: 'US', region: 'US-CA' });
    const round = await createRound(ctx);
    const application = await createApplication(
      ctx,
      round,
      await createPartnership(ctx, sendai, riverside),
    );
    const other = await createApplication(ctx, round, await createPartnership(ctx));
    const reviewer = (region: string, affiliations: string[] = []) =>
      createUser(ctx, { role: 'reviewer', country: 'US', region, affiliations });
    const busy = await reviewer('US-WA');
    const free = await reviewer('US-NY');
    const regional = await reviewer('JP-04');
    const affiliated = await reviewer('US-TX', [riverside.id]);
    await createUser(ctx, { role: 'reviewer', region: 'US-OR', active: false });
    await createUser(ctx, { role: 'city_user', cityId: sendai.id });

    const api = () => request(ctx.http);
    for (const [app, who] of [
      [other, busy],
      [application, busy],
    ] as const) {
      await api()
        .post(`/api/v1/applications/${app.id}/assignments`)
        .set('Authorization', officer)
        .send({ reviewerId: who.id })
        .expect(201);
    }

    const res = await api()
      .get(`/api/v1/applications/${application.id}/reviewer-candidates`)
      .set('Authorization', officer)
      .expect(200);
    const mine = (res.body.data as { id: string }[]).filter((c) =>
      [busy, free, regional, affiliated].some((r) => r.id === c.id),
    );
    expect(res.body.data).toHaveLength(4); // the inactive reviewer and the city user are no candidates
    const assigned = await ctx.db.query(
      'SELECT id FROM assignments WHERE application_id = $1 AND reviewer_id = $2',
      [application.id, busy.id],
    );
    expect(mine.slice(0, 2)).toEqual([
      {
        id: free.id,
        displayName: free.displayName,
        country: 'US',
        region: 'US-NY',
        load: 0,
        conflict: null,
        assignment: null,
      },
      {
        id: busy.id,
        displayName: busy.displayName,
        country: 'US',
        region: 'US-WA',
        load: 2,
        conflict: null,
        assignment: { id: assigned[0].id, status: 'assigned' },
      },
    ]);
    // The conflicted last, equally loaded and named, so in id order.
    expect(mine.slice(2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: affiliated.id,
          conflict: { reason: 'affiliated', side: 'US', region: null },
          assignment: null,
        }),
        expect.objectContaining({
          id: regional.id,
          conflict: { reason: 'region', side: 'JP', region: 'JP-04' },
        }),
      ]),
    );
    expect(mine.slice(2).map((c) => c.id)).toEqual(
      [affiliated, regional].sort((a, b) => a.id.localeCompare(b.id)).map((r) => r.id),
    );

    // And the conflict it lists is the one assigning refuses.
    const refused = await api()
      .post(`/api/v1/applications/${application.id}/assignments`)
      .set('Authorization', officer)
      .send({ reviewerId: regional.id })
      .expect(422);
    expect(refused.body.detail).toBe(
      'Conflict of interest: the reviewer is based in JP-04, the region of the JP city',
    );
  });

  it('is the office’s: reviewers and city users are refused, an unknown application is 404', async () => {
    const round = await createRound(ctx);
    const city = await createCity(ctx, { country: 'JP' });
    const application = await createApplication(
      ctx,
      round,
      await createPartnership(ctx, city, undefined),
    );
    const path = `/api/v1/applications/${application.id}/reviewer-candidates`;
    for (const options of [
      { role: 'reviewer' as const },
      { role: 'city_user' as const, cityId: city.id },
    ]) {
      const { auth } = await bearer(ctx, options);
      await request(ctx.http).get(path).set('Authorization', auth).expect(403);
    }
    const { auth } = await bearer(ctx, { role: 'program_officer' });
    await request(ctx.http)
      .get(`/api/v1/applications/${randomUUID()}/reviewer-candidates`)
      .set('Authorization', auth)
      .expect(404);
  });
});
