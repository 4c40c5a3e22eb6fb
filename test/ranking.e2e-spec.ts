import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Application, BudgetLine } from '../src/applications/application.entity';
import type { City } from '../src/partnerships/city.entity';
import type { Round } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
  tokenFor,
} from './support/factories';

const line = (side: 'JP' | 'US', currency: 'JPY' | 'USD', amountMinor: number): BudgetLine => ({
  side,
  category: 'travel',
  description: 'Exchange visit',
  amountMinor,
  currency,
});

/**
 * A round of five partnerships from submitted to ranked over HTTP. The reviewer pool is shaped by
 * affiliations so that auto-assignment (2 per application) has exactly one choice:
 *   A: harsh + lenient   B: harsh + lenient   C: harsh + flat   D: flat + single   E: nobody
 * Rubric (factory): impact weight 2 / max 5, feasibility weight 1 / max 5 → (2i + f) / 15.
 */
describe('ranking: GET /rounds/:id/ranking (SPEC §5.4)', () => {
  let ctx: TestContext;
  let officer: string;
  let round: Round;
  const apps = {} as Record<'A' | 'B' | 'C' | 'D' | 'E', Application>;
  const reviewers = {} as Record<'harsh' | 'lenient' | 'flat' | 'single', User>;

  const api = () => request(ctx.http);
  const ranking = (authorization = officer, roundId = round.id) =>
    api().get(`/api/v1/rounds/${roundId}/ranking`).set('Authorization', authorization);

  /** Each reviewer's scores per application: [impact, feasibility]. */
  const SCORES: Record<
    keyof typeof reviewers,
    Partial<Record<keyof typeof apps, [number, number]>>
  > = {
    harsh: { A: [2, 1], B: [1, 1], C: [3, 3] }, // 5/15, 3/15, 9/15
    lenient: { A: [5, 5], B: [4, 4] }, // 1.0, 0.8
    flat: { C: [4, 2], D: [4, 2] }, // 10/15 twice: no variance
    single: { D: [1, 1] }, // 3/15, its only review
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    round = await createRound(ctx, { reviewersPerApplication: 2 });
    const jp: City[] = [];
    const us: City[] = [];
    for (let i = 0; i < 6; i++) {
      jp.push(await createCity(ctx, { country: 'JP', region: `JP-${10 + i}` }));
      us.push(
        await createCity(ctx, {
          country: 'US',
          region: ['US-CA', 'US-TX', 'US-WA', 'US-OR', 'US-NV', 'US-AZ'][i],
        }),
      );
    }
    const keys = ['A', 'B', 'C', 'D', 'E'] as const;
    const budgets: Record<(typeof keys)[number], BudgetLine[]> = {
      A: [
        line('US', 'USD', 300_000),
        line('US', 'USD', 200_000),
        line('JP', 'JPY', 400_000),
        line('JP', 'USD', 100_000),
      ],
      B: [line('US', 'USD', 250_000)],
      C: [line('JP', 'JPY', 900_000)],
      D: [line('US', 'USD', 1_000), line('JP', 'JPY', 1_000)],
      E: [line('US', 'USD', 99_999)],
    };
    for (const [i, key] of keys.entries()) {
      const partnership = await createPartnership(ctx, jp[i], us[i]);
      apps[key] = await createApplication(ctx, round, partnership, { budgetLines: budgets[key] });
    }
    // Not ranked: never reached review.
    await createApplication(ctx, round, await createPartnership(ctx, jp[5], us[5]), {
      status: 'draft',
    });

    const avoid = (...avoided: (typeof keys)[number][]) => avoided.map((k) => apps[k].jpCityId);
    const reviewer = (country: 'JP' | 'US', affiliations: string[]) =>
      createUser(ctx, { role: 'reviewer', country, region: `${country}-ZZ`, affiliations });
    reviewers.harsh = await reviewer('JP', avoid('D', 'E'));
    reviewers.lenient = await reviewer('US', avoid('C', 'D', 'E'));
    reviewers.flat = await reviewer('US', avoid('A', 'B', 'E'));
    reviewers.single = await reviewer('JP', avoid('A', 'B', 'C', 'E'));
  });
  afterAll(() => ctx.close());

  it('takes a round from submitted through review and ranking to decisions', async () => {
    const assigned = await api()
      .post(`/api/v1/rounds/${round.id}/assignments/auto`)
      .set('Authorization', officer)
      .expect(200);
    expect(assigned.body).toMatchObject({ created: 8, applications: 5, movedToInReview: 4 });
    expect(assigned.body.unstaffed).toEqual([
      expect.objectContaining({ applicationId: apps.E.id, missing: 2 }),
    ]);

    const before = await ranking().expect(200);
    expect(before.body.data.map((r: { reviewsSubmitted: number }) => r.reviewsSubmitted)).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(
      before.body.data.every((r: { normalizedScore: unknown }) => r.normalizedScore === null),
    ).toBe(true);

    for (const [name, scores] of Object.entries(SCORES) as [
      keyof typeof reviewers,
      (typeof SCORES)[keyof typeof reviewers],
    ][]) {
      const authorization = `Bearer ${tokenFor(ctx, reviewers[name])}`;
      const { body } = await api()
        .get(`/api/v1/assignments?roundId=${round.id}`)
        .set('Authorization', authorization)
        .expect(200);
      const appKey = (applicationId: string) =>
        (Object.keys(apps) as (keyof typeof apps)[]).find((k) => apps[k].id === applicationId)!;
      expect(
        body.data.map((a: { applicationId: string }) => appKey(a.applicationId)).sort(),
      ).toEqual(Object.keys(scores).sort());
      for (const assignment of body.data as { id: string; applicationId: string }[]) {
        const [impact, feasibility] = scores[appKey(assignment.applicationId)]!;
        await api()
          .put(`/api/v1/assignments/${assignment.id}/review`)
          .set('Authorization', authorization)
          .send({ scores: { impact, feasibility }, recommendation: 'maybe', comment: 'ok' })
          .expect(200);
        await api()
          .post(`/api/v1/assignments/${assignment.id}/review/submit`)
          .set('Authorization', authorization)
          .expect(200);
      }
    }

    const { body } = await ranking().expect(200);
    // Per reviewer over the round, in 1/45ths: harsh scores 15, 9, 27 (mean 17, deviations −2, −8,
    // +10, sample sd √84); lenient 1.0 and 0.8 (z ±1/√2); flat and single give z = 0.
    const s84 = Math.sqrt(84);
    const z = {
      harsh: { A: -2 / s84, B: -8 / s84, C: 10 / s84 },
      lenient: { A: Math.SQRT1_2, B: -Math.SQRT1_2 },
    };
    const expected = [
      {
        app: 'C',
        weightedMean: (9 / 15 + 10 / 15) / 2,
        normalizedScore: z.harsh.C / 2,
        spread: 1 / 15,
        needsDiscussion: false,
      },
      {
        app: 'A',
        weightedMean: (5 / 15 + 1) / 2,
        normalizedScore: (z.harsh.A + z.lenient.A) / 2,
        spread: 10 / 15,
        needsDiscussion: true,
      },
      {
        app: 'D',
        weightedMean: (10 / 15 + 3 / 15) / 2,
        normalizedScore: 0,
        spread: 7 / 15,
        needsDiscussion: true,
      },
      {
        app: 'B',
        weightedMean: (3 / 15 + 0.8) / 2,
        normalizedScore: (z.harsh.B + z.lenient.B) / 2,
        spread: 0.6,
        needsDiscussion: true,
      },
    ] as const;
    expect(body.data).toHaveLength(5);
    expected.forEach((e, i) => {
      const row = body.data[i];
      expect(row).toMatchObject({
        applicationId: apps[e.app].id,
        partnershipId: apps[e.app].partnershipId,
        reviewsSubmitted: 2,
        reviewsAssigned: 2,
        needsDiscussion: e.needsDiscussion,
        rank: i + 1,
      });
      expect(row.weightedMean).toBeCloseTo(e.weightedMean, 10);
      expect(row.normalizedScore).toBeCloseTo(e.normalizedScore, 10);
      expect(row.spread).toBeCloseTo(e.spread, 10);
    });
    // By weighted mean alone A would lead C and B would lead D: the harsh reviewer's low marks
    // count for less once normalised.
    expect(body.data[4]).toEqual({
      applicationId: apps.E.id,
      partnershipId: apps.E.partnershipId,
      // Named and with its status, so that a ranking reads without a request per row.
      title: apps.E.title,
      status: 'submitted',
      reviewsSubmitted: 0,
      reviewsAssigned: 0,
      weightedMean: null,
      normalizedScore: null,
      spread: null,
      needsDiscussion: false,
      requested: [{ side: 'US', currency: 'USD', amountMinor: 99_999 }],
      rank: 5,
    });
    expect(body.data[1].requested).toEqual([
      { side: 'JP', currency: 'JPY', amountMinor: 400_000 },
      { side: 'JP', currency: 'USD', amountMinor: 100_000 },
      { side: 'US', currency: 'USD', amountMinor: 500_000 },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/NaN/);

    // …and decided, in rank order: the officer funds what the ranking puts first.
    const decide = (key: keyof typeof apps, decision: object) =>
      api()
        .post(`/api/v1/applications/${apps[key].id}/decision`)
        .set('Authorization', officer)
        .send({ rationale: `Ranked by the panel`, ...decision });
    const award = (key: keyof typeof apps) => ({
      outcome: 'approved',
      awards: body.data.find((r: { applicationId: string }) => r.applicationId === apps[key].id)
        .requested,
    });
    await decide('C', award('C')).expect(201);
    await decide('B', award('B')).expect(201);
    await decide('D', { outcome: 'waitlisted' }).expect(201);
    await decide('A', { outcome: 'rejected' }).expect(201);
    // E was never staffed, so it never reached review: there is nothing to decide yet.
    await decide('E', { outcome: 'rejected' }).expect(409);
    const statuses = (await ctx.db.query(
      `SELECT id, status FROM applications WHERE round_id = $1`,
      [round.id],
    )) as { id: string; status: string }[];
    const statusOf = (key: keyof typeof apps) =>
      statuses.find((r) => r.id === apps[key].id)?.status;
    expect(['A', 'B', 'C', 'D', 'E'].map((k) => statusOf(k as keyof typeof apps))).toEqual([
      'rejected',
      'approved',
      'approved',
      'waitlisted',
      'submitted',
    ]);
    const [{ awards }] = (await ctx.db.query(
      `SELECT count(*)::int AS awards FROM awards WHERE round_id = $1`,
      [round.id],
    )) as { awards: number }[];
    expect(awards).toBe(2);
  });

  it('is for the program office and auditors only', async () => {
    await ranking((await bearer(ctx, { role: 'auditor' })).auth).expect(200);
    await ranking((await bearer(ctx, { role: 'admin' })).auth).expect(200);
    await ranking(`Bearer ${tokenFor(ctx, reviewers.harsh)}`).expect(403);
    await ranking((await bearer(ctx, { role: 'finance_officer' })).auth).expect(403);
    const city = await createCity(ctx, { country: 'JP', region: 'JP-30' });
    await ranking((await bearer(ctx, { role: 'city_user', cityId: city.id })).auth).expect(403);
    await api().get(`/api/v1/rounds/${round.id}/ranking`).expect(401);
  });

  it('answers 404 for a missing round and 400 for a malformed id', async () => {
    await ranking(officer, randomUUID()).expect(404);
    await ranking(officer, 'round-1').expect(400);
  });

  it('ranks an empty round as an empty list', async () => {
    const empty = await createRound(ctx);
    const { body } = await ranking(officer, empty.id).expect(200);
    expect(body).toEqual({ data: [] });
  });

  it('streams a large round batch by batch, all of it, and gives its connection back', async () => {
    const large = await createRound(ctx, { status: 'closed' });
    const first = await createApplication(ctx, large, await createPartnership(ctx));
    // 1,200 more submitted applications, each of its own partnership, cloned in SQL.
    const clone = (table: string, id: string, from: string, changes: string) =>
      `SELECT (jsonb_populate_record(null::${table}, to_jsonb(t) || ${changes})).*
         FROM ${table} t, ${from} WHERE t.id = ${id}`;
    await ctx.db.query(
      `WITH us AS (
         INSERT INTO cities ${clone('cities', '$2', 'generate_series(1, 1200) g', `jsonb_build_object('id', gen_random_uuid(), 'name_en', 'US city ' || g)`)} RETURNING id
       ), p AS (
         INSERT INTO partnerships ${clone('partnerships', '$1', 'us', `jsonb_build_object('id', gen_random_uuid(), 'us_city_id', us.id)`)} RETURNING id, us_city_id
       )
       INSERT INTO applications ${clone('applications', '$3', 'p', `jsonb_build_object('id', gen_random_uuid(), 'partnership_id', p.id, 'us_city_id', p.us_city_id)`)}`,
      [first.partnershipId, first.usCityId, first.id],
    );
    const idle = () =>
      ctx.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      ) as Promise<{ n: number }[]>;

    for (let i = 0; i < 3; i++) {
      const res = await ranking(officer, large.id).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      // Written as it is read from the cursor: no length known in advance.
      expect(res.headers['content-length']).toBeUndefined();
      expect(res.headers['transfer-encoding']).toBe('chunked');
      const ranks = (res.body as { data: { rank: number; applicationId: string }[] }).data;
      expect(ranks.map((r) => r.rank)).toEqual(Array.from({ length: 1201 }, (_, k) => k + 1));
      expect(new Set(ranks.map((r) => r.applicationId)).size).toBe(1201);
    }
    // Each request's transaction ended and its connection went back to the pool.
    expect(await idle()).toEqual([{ n: 0 }]);
  });
});
