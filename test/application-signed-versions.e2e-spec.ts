import request from 'supertest';
import { createTestApp, TestContext } from './support/app';
import { bearer, createCity, createPartnership, createRound } from './support/factories';

/** What changed since a city signed (issue 15): the content as signed outlives the signature. */
describe('GET /applications/:id/signed-versions', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('keeps what Yokohama signed after San Diego edits, and shows it only within reach', async () => {
    const yokohama = await createCity(ctx, { country: 'JP', nameEn: 'Yokohama' });
    const sanDiego = await createCity(ctx, { country: 'US', nameEn: 'San Diego' });
    const partnership = await createPartnership(ctx, yokohama, sanDiego);
    const round = await createRound(ctx);
    const jp = await bearer(ctx, { role: 'city_user', cityId: yokohama.id });
    const us = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id });
    const outsider = await bearer(ctx, { role: 'city_user', cityId: (await createCity(ctx)).id });

    const created = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', jp.auth)
      .send({
        roundId: round.id,
        partnershipId: partnership.id,
        title: { en: 'Port cities youth exchange', ja: '港町青少年交流' },
        summary: { en: 'Students from both ports', ja: '両港の学生' },
        startsOn: '2027-06-01',
        endsOn: '2027-09-30',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 800000,
            currency: 'JPY',
          },
        ],
      })
      .expect(201);
    const { id, contentHash } = created.body;
    const versions = () =>
      request(ctx.http)
        .get(`/api/v1/applications/${id}/signed-versions`)
        .set('Authorization', jp.auth);
    expect((await versions().expect(200)).body).toEqual({ data: [] });

    await request(ctx.http)
      .post(`/api/v1/applications/${id}/sign`)
      .set('Authorization', jp.auth)
      .send({ contentHash })
      .expect(200);
    const edited = await request(ctx.http)
      .patch(`/api/v1/applications/${id}`)
      .set('Authorization', us.auth)
      .send({ title: { en: 'Port cities youth and arts exchange', ja: '港町青少年・芸術交流' } })
      .expect(200);
    expect(edited.body).toMatchObject({ status: 'draft', signatures: [] });

    const { data } = (await versions().expect(200)).body;
    expect(data).toEqual([
      {
        side: 'JP',
        cityId: yokohama.id,
        userId: jp.user.id,
        signedAt: expect.any(String),
        contentHash,
        content: {
          title: { en: 'Port cities youth exchange', ja: '港町青少年交流' },
          summary: { en: 'Students from both ports', ja: '両港の学生' },
          startsOn: '2027-06-01',
          endsOn: '2027-09-30',
          budgetLines: [
            {
              side: 'JP',
              category: 'travel',
              description: 'Flights',
              amountMinor: 800000,
              currency: 'JPY',
            },
          ],
        },
      },
    ]);
    expect(edited.body.contentHash).not.toBe(contentHash);

    // San Diego's side reads it too; another city's user and a reviewer not assigned do not.
    await request(ctx.http)
      .get(`/api/v1/applications/${id}/signed-versions`)
      .set('Authorization', us.auth)
      .expect(200);
    for (const caller of [outsider, await bearer(ctx, { role: 'reviewer' })]) {
      const res = await request(ctx.http)
        .get(`/api/v1/applications/${id}/signed-versions`)
        .set('Authorization', caller.auth)
        .expect(404);
      expect(res.body.code).toBe('not_found');
    }
    await request(ctx.http)
      .get('/api/v1/applications/not-a-uuid/signed-versions')
      .set('Authorization', jp.auth)
      .expect(400);
    await request(ctx.http).get(`/api/v1/applications/${id}/signed-versions`).expect(401);
  });
});
