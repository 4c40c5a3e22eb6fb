import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Application } from '../src/applications/application.entity';
import type { City } from '../src/partnerships/city.entity';
import type { Partnership } from '../src/partnerships/partnership.entity';
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

interface Pair {
  applicationId: string;
  reviewerId: string;
  status: string;
}

describe('review: conflicts, assignment and blind scoring (SPEC §5.4)', () => {
  let ctx: TestContext;
  let officer: string;
  let cities: Record<'sendai' | 'osaka' | 'kyoto' | 'riverside' | 'dallas' | 'seattle', City>;
  let partnerships: Record<
    'sendaiRiverside' | 'sendaiDallas' | 'osakaSeattle' | 'kyotoSeattle',
    Partnership
  >;
  let reviewers: Record<
    'sendai' | 'tokyo' | 'hokkaido' | 'newYork' | 'california' | 'illinois',
    User
  >;
  const auth: Record<string, string> = {};

  const api = () => request(ctx.http);
  const as = (user: User) => `Bearer ${tokenFor(ctx, user)}`;
  const autoAssign = (roundId: string, authorization = officer) =>
    api().post(`/api/v1/rounds/${roundId}/assignments/auto`).set('Authorization', authorization);
  const pairsOf = async (roundId: string): Promise<Pair[]> =>
    ctx.db.query(
      `SELECT application_id AS "applicationId", reviewer_id AS "reviewerId", status
         FROM assignments WHERE round_id = $1`,
      [roundId],
    );

  /** A round with one submitted application per partnership, keyed like `partnerships`. */
  async function roundWithApplications(reviewersPerApplication = 3) {
    const round = await createRound(ctx, { reviewersPerApplication });
    const apps = {} as Record<keyof typeof partnerships, Application>;
    for (const key of Object.keys(partnerships) as (keyof typeof partnerships)[]) {
      apps[key] = await createApplication(ctx, round, partnerships[key]);
    }
    return { round, apps };
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    cities = {
      sendai: await createCity(ctx, { country: 'JP', nameEn: 'Sendai', region: 'JP-04' }),
      osaka: await createCity(ctx, { country: 'JP', nameEn: 'Osaka', region: 'JP-27' }),
      kyoto: await createCity(ctx, { country: 'JP', nameEn: 'Kyoto', region: 'JP-26' }),
      riverside: await createCity(ctx, { country: 'US', nameEn: 'Riverside', region: 'US-CA' }),
      dallas: await createCity(ctx, { country: 'US', nameEn: 'Dallas', region: 'US-TX' }),
      seattle: await createCity(ctx, { country: 'US', nameEn: 'Seattle', region: 'US-WA' }),
    };
    partnerships = {
      sendaiRiverside: await createPartnership(ctx, cities.sendai, cities.riverside),
      sendaiDallas: await createPartnership(ctx, cities.sendai, cities.dallas),
      osakaSeattle: await createPartnership(ctx, cities.osaka, cities.seattle),
      kyotoSeattle: await createPartnership(ctx, cities.kyoto, cities.seattle),
    };
    const reviewer = (country: 'JP' | 'US', region: string, affiliations: string[] = []) =>
      createUser(ctx, { role: 'reviewer', country, region, affiliations });
    reviewers = {
      sendai: await reviewer('JP', 'JP-04'),
      tokyo: await reviewer('JP', 'JP-13'),
      hokkaido: await reviewer('JP', 'JP-01', [cities.osaka.id]),
      newYork: await reviewer('US', 'US-NY'),
      california: await reviewer('US', 'US-CA'),
      illinois: await reviewer('US', 'US-IL', [cities.dallas.id]),
    };
    for (const [name, user] of Object.entries(reviewers)) auth[name] = as(user);
    // Not in the pool: inactive reviewers are never assigned.
    await createUser(ctx, { role: 'reviewer', country: 'JP', region: 'JP-13', active: false });
  });
  afterAll(() => ctx.close());

  describe('POST /rounds/:id/assignments/auto', () => {
    it('staffs every application without conflicts, with a JP/US mix and an even load', async () => {
      const { round, apps } = await roundWithApplications(3);
      const res = await autoAssign(round.id).expect(200);
      expect(res.body).toEqual({ created: 12, applications: 4, movedToInReview: 4, unstaffed: [] });

      const pairs = await pairsOf(round.id);
      expect(pairs).toHaveLength(12);
      const onApp = (app: Application) =>
        pairs.filter((p) => p.applicationId === app.id).map((p) => p.reviewerId);
      // The Sendai reviewer never gets either Sendai application.
      expect(onApp(apps.sendaiRiverside)).not.toContain(reviewers.sendai.id);
      expect(onApp(apps.sendaiDallas)).not.toContain(reviewers.sendai.id);
      // Affiliated with Osaka; from California (Riverside's state); affiliated with Dallas.
      expect(onApp(apps.osakaSeattle)).not.toContain(reviewers.hokkaido.id);
      expect(onApp(apps.sendaiRiverside)).not.toContain(reviewers.california.id);
      expect(onApp(apps.sendaiDallas)).not.toContain(reviewers.illinois.id);

      const country = new Map(Object.values(reviewers).map((r) => [r.id, r.country]));
      for (const app of Object.values(apps)) {
        const ids = onApp(app);
        expect(new Set(ids).size).toBe(3);
        expect(new Set(ids.map((id) => country.get(id)))).toEqual(new Set(['JP', 'US']));
      }
      const loads = Object.values(reviewers).map(
        (r) => pairs.filter((p) => p.reviewerId === r.id).length,
      );
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);

      const statuses = (await ctx.db.query(
        'SELECT DISTINCT status FROM applications WHERE round_id = $1',
        [round.id],
      )) as { status: string }[];
      expect(statuses).toEqual([{ status: 'in_review' }]);
      const history = await api()
        .get(`/api/v1/applications/${apps.kyotoSeattle.id}/history`)
        .set('Authorization', officer)
        .expect(200);
      expect(history.body.data).toEqual([
        expect.objectContaining({ from: 'submitted', to: 'in_review' }),
      ]);
      const [audit] = (await ctx.db.query(
        `SELECT count(*)::int AS n, min(data->>'created') AS created FROM audit_events
          WHERE action = 'round.assignments_created' AND entity_id = $1`,
        [round.id],
      )) as { n: number; created: string }[];
      expect(audit).toEqual({ n: 1, created: '12' });
    });

    it('is idempotent: a second run creates nothing', async () => {
      const { round } = await roundWithApplications(2);
      await autoAssign(round.id).expect(200);
      const before = await pairsOf(round.id);
      const again = await autoAssign(round.id).expect(200);
      expect(again.body).toEqual({
        created: 0,
        applications: 4,
        movedToInReview: 0,
        unstaffed: [],
      });
      expect(await pairsOf(round.id)).toEqual(expect.arrayContaining(before));
      expect(await pairsOf(round.id)).toHaveLength(before.length);
    });

    it('creates each pair once when two runs race', async () => {
      const { round } = await roundWithApplications(3);
      const [a, b] = await Promise.all([autoAssign(round.id), autoAssign(round.id)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.created + b.body.created).toBe(12);
      expect(Math.min(a.body.created, b.body.created)).toBe(0);
      const pairs = await pairsOf(round.id);
      expect(new Set(pairs.map((p) => `${p.applicationId}/${p.reviewerId}`)).size).toBe(12);
    });

    it('reports the applications it could not fully staff, and why', async () => {
      const round = await createRound(ctx, { reviewersPerApplication: 5 });
      const sendaiRiverside = await createApplication(ctx, round, partnerships.sendaiRiverside);
      const kyotoSeattle = await createApplication(ctx, round, partnerships.kyotoSeattle);
      const res = await autoAssign(round.id).expect(200);
      // Sendai–Riverside: the Sendai and California reviewers conflict; 4 eligible of 6.
      expect(res.body.unstaffed).toEqual([
        {
          applicationId: sendaiRiverside.id,
          title: sendaiRiverside.title,
          missing: 1,
          // As data the portal words in its reader's language, and in English words.
          reasonCode: 'too_few_eligible_reviewers',
          reviewers: { active: 6, eligible: 4, conflicted: 2, declined: 0, alreadyAssigned: 0 },
          reason: 'only 4 of 6 active reviewers could be added (2 with a conflict of interest)',
        },
      ]);
      expect(res.body.created).toBe(9);
      const pairs = await pairsOf(round.id);
      expect(pairs.filter((p) => p.applicationId === kyotoSeattle.id)).toHaveLength(5);
    });

    it('leaves applications that are not submitted alone', async () => {
      const round = await createRound(ctx);
      await createApplication(ctx, round, partnerships.kyotoSeattle, { status: 'draft' });
      await createApplication(ctx, round, partnerships.osakaSeattle, { status: 'withdrawn' });
      const res = await autoAssign(round.id).expect(200);
      expect(res.body).toEqual({ created: 0, applications: 0, movedToInReview: 0, unstaffed: [] });
    });

    it('refuses a round that is not open or closed (422) and a missing one (404)', async () => {
      const draft = await createRound(ctx, { status: 'draft' });
      await createApplication(ctx, draft, partnerships.kyotoSeattle);
      const res = await autoAssign(draft.id).expect(422);
      expect(res.body).toMatchObject({ code: 'rule_violation' });
      expect(res.body.detail).toMatch(/draft/);
      expect(await pairsOf(draft.id)).toEqual([]);
      await autoAssign(randomUUID()).expect(404);
      await autoAssign('not-a-uuid').expect(400);
    });

    it('is for the program office only', async () => {
      const round = await createRound(ctx);
      await createApplication(ctx, round, partnerships.kyotoSeattle);
      // A new reviewer would join the pool the other tests count on: use one of the six.
      await autoAssign(round.id, auth.tokyo).expect(403);
      for (const role of ['auditor', 'finance_officer'] as const) {
        await autoAssign(round.id, (await bearer(ctx, { role })).auth).expect(403);
      }
      const cityUser = await bearer(ctx, { role: 'city_user', cityId: cities.kyoto.id });
      await autoAssign(round.id, cityUser.auth).expect(403);
      await api().post(`/api/v1/rounds/${round.id}/assignments/auto`).expect(401);
      expect(await pairsOf(round.id)).toEqual([]);
      await autoAssign(round.id, (await bearer(ctx, { role: 'admin' })).auth).expect(200);
    });
  });

  describe('POST /applications/:id/assignments (by hand)', () => {
    const assign = (applicationId: string, body: object, authorization = officer) =>
      api()
        .post(`/api/v1/applications/${applicationId}/assignments`)
        .set('Authorization', authorization)
        .send(body);

    it('assigns a reviewer and moves the application to in_review', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.sendaiRiverside);
      const res = await assign(app.id, { reviewerId: reviewers.tokyo.id }).expect(201);
      expect(res.body).toMatchObject({
        applicationId: app.id,
        reviewerId: reviewers.tokyo.id,
        roundId: round.id,
        status: 'assigned',
        source: 'manual',
      });
      const [row] = (await ctx.db.query('SELECT status FROM applications WHERE id = $1', [
        app.id,
      ])) as { status: string }[];
      expect(row.status).toBe('in_review');
      // A second reviewer on an in-review application: no second transition.
      await assign(app.id, { reviewerId: reviewers.newYork.id }).expect(201);
      const history = (await ctx.db.query(
        'SELECT "from", "to" FROM application_transitions WHERE application_id = $1',
        [app.id],
      )) as unknown[];
      expect(history).toEqual([{ from: 'submitted', to: 'in_review' }]);
    });

    it('refuses a conflict of interest with 422 saying which', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.sendaiDallas);
      const region = await assign(app.id, { reviewerId: reviewers.sendai.id }).expect(422);
      expect(region.body.code).toBe('rule_violation');
      expect(region.body.detail).toBe(
        'Conflict of interest: the reviewer is based in JP-04, the region of the JP city',
      );
      const affiliated = await assign(app.id, { reviewerId: reviewers.illinois.id }).expect(422);
      expect(affiliated.body.detail).toMatch(/affiliated with the US city/);
      const ja = await assign(app.id, { reviewerId: reviewers.illinois.id })
        .set('Accept-Language', 'ja')
        .expect(422);
      expect(ja.body).toMatchObject({
        detail: '利益相反があるため割り当てられません（この審査員は米国側の都市と関係があります）',
        errors: [
          {
            field: 'reviewerId',
            message: '利益相反があります（この審査員は米国側の都市と関係があります）',
          },
        ],
      });
      expect(await pairsOf(round.id)).toEqual([]);
    });

    it('refuses anyone but an active reviewer with 422', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.sendaiDallas);
      const cityUser = await createUser(ctx, { role: 'city_user', cityId: cities.sendai.id });
      const staff = await createUser(ctx, { role: 'program_officer' });
      const retired = await createUser(ctx, { role: 'reviewer', country: 'US', active: false });
      for (const user of [cityUser, staff, retired]) {
        const res = await assign(app.id, { reviewerId: user.id }).expect(422);
        expect(res.body.errors).toEqual([
          { field: 'reviewerId', message: 'not an active reviewer' },
        ]);
        const ja = await assign(app.id, { reviewerId: user.id })
          .set('Accept-Language', 'ja')
          .expect(422);
        expect(ja.body).toMatchObject({
          detail: '有効な審査員のみ割り当てられます',
          errors: [{ field: 'reviewerId', message: '有効な審査員ではありません' }],
        });
      }
      await assign(app.id, { reviewerId: randomUUID() }).expect(422);
      expect(await pairsOf(round.id)).toEqual([]);
    });

    it('refuses a pair that exists (409), a bad body (400), a missing application (404)', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.kyotoSeattle);
      await assign(app.id, { reviewerId: reviewers.tokyo.id }).expect(201);
      const dup = await assign(app.id, { reviewerId: reviewers.tokyo.id }).expect(409);
      expect(dup.body.code).toBe('conflict');
      const bad = await assign(app.id, { reviewerId: 'nope', extra: 1 }).expect(400);
      expect(bad.body.code).toBe('validation_failed');
      await assign(app.id, {}).expect(400);
      await assign(randomUUID(), { reviewerId: reviewers.tokyo.id }).expect(404);
      expect(await pairsOf(round.id)).toHaveLength(1);
    });

    it('refuses an application that is not submitted or in review (409)', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.kyotoSeattle, {
        status: 'draft',
      });
      const res = await assign(app.id, { reviewerId: reviewers.tokyo.id }).expect(409);
      expect(res.body.code).toBe('invalid_state');
    });

    it('is for the program office only', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.kyotoSeattle);
      await assign(app.id, { reviewerId: reviewers.tokyo.id }, auth.tokyo).expect(403);
      await assign(
        app.id,
        { reviewerId: reviewers.tokyo.id },
        (await bearer(ctx, { role: 'auditor' })).auth,
      ).expect(403);
      await api()
        .post(`/api/v1/applications/${app.id}/assignments`)
        .send({ reviewerId: reviewers.tokyo.id })
        .expect(401);
      expect(await pairsOf(round.id)).toEqual([]);
    });
  });

  describe('declining', () => {
    it('frees the slot: the next run assigns someone else, never the decliner', async () => {
      const round = await createRound(ctx, { reviewersPerApplication: 2 });
      const app = await createApplication(ctx, round, partnerships.kyotoSeattle);
      await autoAssign(round.id).expect(200);
      const [first] = await pairsOf(round.id);
      const decliner = Object.entries(reviewers).find(([, r]) => r.id === first.reviewerId)![0];
      const { body: list } = await api()
        .get(`/api/v1/assignments?applicationId=${app.id}`)
        .set('Authorization', auth[decliner])
        .expect(200);
      const id = list.data[0].id as string;

      const someoneElse = Object.keys(reviewers).find((n) => n !== decliner)!;
      await api()
        .post(`/api/v1/assignments/${id}/decline`)
        .set('Authorization', auth[someoneElse])
        .send({ reason: 'not mine' })
        .expect(404);
      await api()
        .post(`/api/v1/assignments/${id}/decline`)
        .set('Authorization', officer)
        .send({ reason: 'officer' })
        .expect(403);
      await api()
        .post(`/api/v1/assignments/${id}/decline`)
        .set('Authorization', auth[decliner])
        .send({})
        .expect(400);
      const declined = await api()
        .post(`/api/v1/assignments/${id}/decline`)
        .set('Authorization', auth[decliner])
        .send({ reason: 'I advised the Kyoto city office last year' })
        .expect(200);
      expect(declined.body).toMatchObject({
        status: 'declined',
        declineReason: 'I advised the Kyoto city office last year',
      });
      await api()
        .post(`/api/v1/assignments/${id}/decline`)
        .set('Authorization', auth[decliner])
        .send({ reason: 'again' })
        .expect(409);

      const refill = await autoAssign(round.id).expect(200);
      expect(refill.body.created).toBe(1);
      const pairs = await pairsOf(round.id);
      const live = pairs.filter((p) => p.status !== 'declined').map((p) => p.reviewerId);
      expect(live).toHaveLength(2);
      expect(live).not.toContain(first.reviewerId);
      expect(pairs).toContainEqual({
        applicationId: app.id,
        reviewerId: first.reviewerId,
        status: 'declined',
      });
      // By hand neither: a declared conflict stands.
      await api()
        .post(`/api/v1/applications/${app.id}/assignments`)
        .set('Authorization', officer)
        .send({ reviewerId: first.reviewerId })
        .expect(409);
    });
  });

  describe('reach and blind review', () => {
    async function assignedRound() {
      const round = await createRound(ctx, { reviewersPerApplication: 2 });
      const app = await createApplication(ctx, round, partnerships.kyotoSeattle);
      const other = await createApplication(ctx, round, partnerships.osakaSeattle);
      for (const [a, r] of [
        [app, reviewers.tokyo],
        [app, reviewers.newYork],
        [other, reviewers.sendai],
      ] as const) {
        await api()
          .post(`/api/v1/applications/${a.id}/assignments`)
          .set('Authorization', officer)
          .send({ reviewerId: r.id })
          .expect(201);
      }
      const ids = (await ctx.db.query(
        'SELECT id, reviewer_id AS "reviewerId" FROM assignments WHERE round_id = $1',
        [round.id],
      )) as { id: string; reviewerId: string }[];
      const idOf = (r: User) => ids.find((i) => i.reviewerId === r.id)!.id;
      return { round, app, other, tokyo: idOf(reviewers.tokyo), newYork: idOf(reviewers.newYork) };
    }

    it('a reviewer lists only their own assignments; officers filter by round or application', async () => {
      const { round, app, tokyo } = await assignedRound();
      const own = await api()
        .get(`/api/v1/assignments?roundId=${round.id}`)
        .set('Authorization', auth.tokyo)
        .expect(200);
      expect(own.body.data.map((a: { id: string }) => a.id)).toEqual([tokyo]);
      expect(own.body.data[0]).not.toHaveProperty('review');
      const filtered = await api()
        .get(`/api/v1/assignments?applicationId=${app.id}`)
        .set('Authorization', officer)
        .expect(200);
      expect(filtered.body.data).toHaveLength(2);
      const byRound = await api()
        .get(`/api/v1/assignments?roundId=${round.id}&limit=2`)
        .set('Authorization', (await bearer(ctx, { role: 'auditor' })).auth)
        .expect(200);
      expect(byRound.body.data).toHaveLength(2);
      expect(byRound.body.nextCursor).toEqual(expect.any(String));
      await api().get('/api/v1/assignments?status=bogus').set('Authorization', officer).expect(400);
      const cityUser = await bearer(ctx, { role: 'city_user', cityId: cities.kyoto.id });
      await api().get('/api/v1/assignments').set('Authorization', cityUser.auth).expect(403);
      await api().get('/api/v1/assignments').expect(401);
    });

    it("a reviewer reading another's assignment or review gets 404", async () => {
      const { newYork, tokyo } = await assignedRound();
      await api()
        .put(`/api/v1/assignments/${newYork}/review`)
        .set('Authorization', auth.newYork)
        .send({ scores: { impact: 5 }, comment: 'Strong' })
        .expect(200);
      await api()
        .get(`/api/v1/assignments/${newYork}`)
        .set('Authorization', auth.tokyo)
        .expect(404);
      await api()
        .put(`/api/v1/assignments/${newYork}/review`)
        .set('Authorization', auth.tokyo)
        .send({ scores: { impact: 1 } })
        .expect(404);
      await api()
        .post(`/api/v1/assignments/${newYork}/review/submit`)
        .set('Authorization', auth.tokyo)
        .expect(404);
      const mine = await api()
        .get(`/api/v1/assignments/${tokyo}`)
        .set('Authorization', auth.tokyo)
        .expect(200);
      expect(mine.body.review).toEqual({
        scores: {},
        comment: null,
        recommendation: null,
        weightedScore: null,
      });
      const officerView = await api()
        .get(`/api/v1/assignments/${newYork}`)
        .set('Authorization', officer)
        .expect(200);
      expect(officerView.body.review).toMatchObject({ scores: { impact: 5 }, comment: 'Strong' });
      await api()
        .get(`/api/v1/assignments/${randomUUID()}`)
        .set('Authorization', officer)
        .expect(404);
    });

    it('a reviewer sees an application once assigned, not before and not after declining', async () => {
      const round = await createRound(ctx);
      const app = await createApplication(ctx, round, partnerships.kyotoSeattle);
      const read = () =>
        api().get(`/api/v1/applications/${app.id}`).set('Authorization', auth.illinois);
      await read().expect(404);
      const listed = await api()
        .get(`/api/v1/applications?roundId=${round.id}`)
        .set('Authorization', auth.illinois)
        .expect(200);
      expect(listed.body.data).toEqual([]);
      const { body } = await api()
        .post(`/api/v1/applications/${app.id}/assignments`)
        .set('Authorization', officer)
        .send({ reviewerId: reviewers.illinois.id })
        .expect(201);
      await read().expect(200);
      await api()
        .post(`/api/v1/assignments/${body.id}/decline`)
        .set('Authorization', auth.illinois)
        .send({ reason: 'conflict' })
        .expect(200);
      await read().expect(404);
    });

    it('drafts, submits and locks a review against the rubric', async () => {
      const { tokyo } = await assignedRound();
      const review = (body: object, authorization = auth.tokyo) =>
        api()
          .put(`/api/v1/assignments/${tokyo}/review`)
          .set('Authorization', authorization)
          .send(body);
      const submit = () =>
        api().post(`/api/v1/assignments/${tokyo}/review/submit`).set('Authorization', auth.tokyo);

      const tooHigh = await review({ scores: { impact: 6 } }).expect(422);
      expect(tooHigh.body.errors).toEqual([
        { field: 'scores.impact', message: 'impact must be an integer from 0 to 5' },
      ]);
      const unknown = await review({ scores: { charm: 3 } }).expect(422);
      expect(unknown.body.errors[0].field).toBe('scores.charm');
      await review({ scores: { impact: 2.5 } }).expect(400);
      await review({ scores: { impact: -1 } }).expect(400);
      await review({ scores: [1, 2] }).expect(400);
      await review({ recommendation: 'love_it' }).expect(400);
      await review({ comment: 'x'.repeat(10_001) }).expect(400);
      await review({ scores: { impact: 3 } }, officer).expect(403);

      const draft = await review({ scores: { impact: 4 }, comment: 'Good plan' }).expect(200);
      expect(draft.body).toMatchObject({
        status: 'assigned',
        review: { scores: { impact: 4 }, comment: 'Good plan', recommendation: null },
      });
      const incomplete = await submit().expect(422);
      expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'scores.feasibility',
        'recommendation',
      ]);
      // A stale If-Match is refused.
      await review({ scores: { impact: 4 } })
        .set('If-Match', '"1"')
        .expect(412);
      await review({ scores: { impact: 4, feasibility: 5 }, recommendation: 'fund', comment: 'Go' })
        .set('If-Match', draft.headers.etag)
        .expect(200);

      const submitted = await submit().expect(200);
      // (2 × 4/5 + 1 × 5/5) / 3 = 2.6 / 3
      expect(submitted.body).toMatchObject({
        status: 'submitted',
        submittedAt: expect.any(String),
      });
      expect(submitted.body.review.weightedScore).toBeCloseTo(2.6 / 3, 12);

      const locked = await review({ scores: { impact: 1 } }).expect(409);
      expect(locked.body.code).toBe('invalid_state');
      await submit().expect(409);
      await api()
        .post(`/api/v1/assignments/${tokyo}/decline`)
        .set('Authorization', auth.tokyo)
        .send({ reason: 'too late' })
        .expect(409);

      const [event] = (await ctx.db.query(
        `SELECT payload FROM outbox WHERE event_type = 'review.submitted'
          AND payload->>'assignmentId' = $1`,
        [tokyo],
      )) as { payload: Record<string, unknown> }[];
      expect(event.payload).not.toHaveProperty('scores');
      expect(JSON.stringify(event.payload)).not.toMatch(/weightedScore|impact/);
    });

    it('submits once under an Idempotency-Key: a retry replays the answer, refusals included', async () => {
      const { tokyo } = await assignedRound();
      const submit = (key: string) =>
        api()
          .post(`/api/v1/assignments/${tokyo}/review/submit`)
          .set('Authorization', auth.tokyo)
          .set('Idempotency-Key', key);
      const early = `early-${tokyo}`;
      await submit(early).expect(422);
      await api()
        .put(`/api/v1/assignments/${tokyo}/review`)
        .set('Authorization', auth.tokyo)
        .send({ scores: { impact: 3, feasibility: 4 }, recommendation: 'fund' })
        .expect(200);
      // The key's answer stands, though the review is complete now.
      const refusedAgain = await submit(early).expect(422);
      expect(refusedAgain.headers['idempotent-replayed']).toBe('true');

      const key = `submit-${tokyo}`;
      const submitted = await submit(key).expect(200);
      const retried = await submit(key).expect(200);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body).toEqual(submitted.body);
      const [{ events }] = (await ctx.db.query(
        `SELECT count(*)::int AS events FROM outbox WHERE event_type = 'review.submitted'
          AND payload->>'assignmentId' = $1`,
        [tokyo],
      )) as { events: number }[];
      expect(events).toBe(1);
    });

    it('refuses a review of a declined assignment (409)', async () => {
      const { newYork } = await assignedRound();
      await api()
        .post(`/api/v1/assignments/${newYork}/decline`)
        .set('Authorization', auth.newYork)
        .send({ reason: 'conflict' })
        .expect(200);
      await api()
        .put(`/api/v1/assignments/${newYork}/review`)
        .set('Authorization', auth.newYork)
        .send({ scores: { impact: 3 } })
        .expect(409);
    });
  });
});
