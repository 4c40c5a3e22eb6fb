import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Application, BudgetLine } from '../src/applications/application.entity';
import { Assignment } from '../src/reviews/assignment.entity';
import type { Round } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createPartnership,
  createRound,
  createUser,
  RoundOptions,
} from './support/factories';

const usd = (amountMinor: number, side: 'US' | 'JP' = 'US'): BudgetLine => ({
  side,
  category: 'travel',
  description: 'Flights',
  amountMinor,
  currency: 'USD',
});
const jpy = (amountMinor: number, side: 'US' | 'JP' = 'JP'): BudgetLine => ({
  side,
  category: 'venue',
  description: 'Hall',
  amountMinor,
  currency: 'JPY',
});

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86400_000).toISOString().slice(0, 10);

describe('decisions and awards (SPEC §5.5)', () => {
  let ctx: TestContext;
  let officer: string;
  let reviewers: User[];

  beforeAll(async () => {
    ctx = await createTestApp();
    officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    reviewers = [];
    for (let i = 0; i < 3; i++) {
      reviewers.push(await createUser(ctx, { role: 'reviewer', country: i ? 'US' : 'JP' }));
    }
  });
  afterAll(() => ctx.close());

  /** An in_review application of `round` with `reviews` submitted reviews. */
  async function underReview(
    round: Round,
    options: { budgetLines?: BudgetLine[]; reviews?: number; status?: Application['status'] } = {},
  ) {
    const partnership = await createPartnership(ctx);
    const application = await createApplication(ctx, round, partnership, {
      status: options.status ?? 'in_review',
      budgetLines: options.budgetLines ?? [usd(500_000), jpy(500_000)],
    });
    const reviews = options.reviews ?? round.reviewersPerApplication;
    const repo = ctx.db.getRepository(Assignment);
    await repo.save(
      reviewers.map((reviewer, i) =>
        repo.create({
          applicationId: application.id,
          roundId: round.id,
          reviewerId: reviewer.id,
          // The rest stay assigned: only submitted reviews count.
          status: i < reviews ? 'submitted' : 'assigned',
          source: 'manual',
          assignedBy: null,
          assignedAt: new Date(),
          submittedAt: i < reviews ? new Date() : null,
        }),
      ),
    );
    return { application, partnership };
  }

  const decide = (id: string, body: object, auth = officer) =>
    request(ctx.http)
      .post(`/api/v1/applications/${id}/decision`)
      .set('Authorization', auth)
      .send(body);

  const committed = async (roundId: string) => {
    const rows = (await ctx.db.query(
      'SELECT currency, committed_minor, amount_minor FROM round_budgets WHERE round_id = $1',
      [roundId],
    )) as { currency: string; committed_minor: number; amount_minor: number }[];
    return Object.fromEntries(rows.map((r) => [r.currency, r.committed_minor]));
  };

  const statusOf = async (id: string) =>
    (
      (await ctx.db.query('SELECT status FROM applications WHERE id = $1', [id])) as {
        status: string;
      }[]
    )[0].status;

  const approve = (awards: object[]) => ({ outcome: 'approved', awards, rationale: 'Strong' });

  describe('POST /applications/:id/decision', () => {
    it('approves: the award, its disbursement schedule, the committed budget, outbox and audit', async () => {
      const round = await createRound(ctx);
      const { application, partnership } = await underReview(round);

      const res = await decide(
        application.id,
        approve([
          { side: 'US', currency: 'USD', amountMinor: 333_333 },
          { side: 'JP', currency: 'JPY', amountMinor: 499_999 },
        ]),
      ).expect(201);

      expect(res.body).toMatchObject({
        applicationId: application.id,
        status: 'approved',
        decision: { outcome: 'approved', rationale: 'Strong' },
      });
      const award = res.body.award;
      expect(award).toMatchObject({
        applicationId: application.id,
        roundId: round.id,
        partnershipId: partnership.id,
        lines: [
          { side: 'JP', currency: 'JPY', amountMinor: 499_999 },
          { side: 'US', currency: 'USD', amountMinor: 333_333 },
        ],
        // No USD→JPY rate recorded in this round's test: the USD total is unknown, not an error.
        fxRateJpyPerUsd: null,
        usdTotalMinor: null,
        totals: [
          { currency: 'USD', awardedMinor: 333_333, disbursedMinor: 0, remainingMinor: 333_333 },
          { currency: 'JPY', awardedMinor: 499_999, disbursedMinor: 0, remainingMinor: 499_999 },
        ],
      });
      expect(res.body.notes.join(' ')).toMatch(/USD→JPY rate/);
      // The same as a code the portal words in its reader's language.
      expect(res.body.noteCodes).toEqual(['fx_rate_missing']);
      // 50/50 by largest remainder: the odd unit goes to the first tranche, parts sum exactly.
      const schedule = award.disbursements.map(
        (d: { tranche: string; side: string; amountMinor: number; status: string }) => [
          d.tranche,
          d.side,
          d.amountMinor,
          d.status,
        ],
      );
      expect(schedule).toEqual(
        expect.arrayContaining([
          ['first', 'US', 166_667, 'scheduled'],
          ['final', 'US', 166_666, 'on_hold'],
          ['first', 'JP', 250_000, 'scheduled'],
          ['final', 'JP', 249_999, 'on_hold'],
        ]),
      );
      expect(schedule).toHaveLength(4);

      expect(await committed(round.id)).toEqual({ USD: 333_333, JPY: 499_999 });
      expect(await statusOf(application.id)).toBe('approved');
      const [sums] = (await ctx.db.query(
        `SELECT
           (SELECT SUM(amount_minor)::bigint FROM disbursements WHERE award_id = $1 AND currency = 'USD') AS usd,
           (SELECT SUM(amount_minor)::bigint FROM disbursements WHERE award_id = $1 AND currency = 'JPY') AS jpy,
           (SELECT COUNT(*)::int FROM application_decisions WHERE application_id = $2) AS decisions,
           (SELECT COUNT(*)::int FROM application_transitions
             WHERE application_id = $2 AND "from" = 'in_review' AND "to" = 'approved') AS transitions`,
        [award.id, application.id],
      )) as { usd: number; jpy: number; decisions: number; transitions: number }[];
      expect(sums).toEqual({ usd: 333_333, jpy: 499_999, decisions: 1, transitions: 1 });

      const outbox = (await ctx.db.query(
        `SELECT event_type, payload FROM outbox
          WHERE payload->>'applicationId' = $1 ORDER BY event_type`,
        [application.id],
      )) as { event_type: string; payload: Record<string, unknown> }[];
      expect(outbox.map((o) => o.event_type)).toEqual(['application.decided', 'award.created']);
      expect(outbox[0].payload).toMatchObject({
        applicationId: application.id,
        roundId: round.id,
        outcome: 'approved',
        decidedAt: res.body.decision.decidedAt,
      });
      expect(outbox[1].payload).toMatchObject({
        awardId: award.id,
        roundId: round.id,
        lines: expect.arrayContaining([{ side: 'US', currency: 'USD', amountMinor: 333_333 }]),
      });
      const audit = (await ctx.db.query(
        `SELECT action, entity_id FROM audit_events
          WHERE entity_id IN ($1, $2) ORDER BY seq`,
        [application.id, award.id],
      )) as { action: string; entity_id: string }[];
      expect(audit).toEqual([
        { action: 'application.decided', entity_id: application.id },
        { action: 'award.created', entity_id: award.id },
      ]);

      // GET /awards/:id answers the same award.
      const got = await request(ctx.http)
        .get(`/api/v1/awards/${award.id}`)
        .set('Authorization', officer)
        .expect(200);
      expect(got.body).toEqual(award);
    });

    it('rejects and waitlists without an award or budget; a waitlisted one can be approved later', async () => {
      const round = await createRound(ctx);
      const rejected = (await underReview(round)).application;
      const waitlisted = (await underReview(round)).application;

      const r = await decide(rejected.id, { outcome: 'rejected', rationale: 'Weak plan' }).expect(
        201,
      );
      expect(r.body).toMatchObject({ status: 'rejected', award: null });
      const w = await decide(waitlisted.id, { outcome: 'waitlisted', rationale: 'If money' });
      expect(w.status).toBe(201);
      expect(w.body).toMatchObject({ status: 'waitlisted', award: null });
      expect(await committed(round.id)).toEqual({ USD: 0, JPY: 0 });
      const [{ n }] = (await ctx.db.query(
        'SELECT COUNT(*)::int AS n FROM awards WHERE round_id = $1',
        [round.id],
      )) as { n: number }[];
      expect(n).toBe(0);
      const events = (await ctx.db.query(
        `SELECT event_type FROM outbox WHERE payload->>'applicationId' = ANY($1)`,
        [[rejected.id, waitlisted.id]],
      )) as { event_type: string }[];
      expect(events.map((e) => e.event_type)).toEqual([
        'application.decided',
        'application.decided',
      ]);

      const later = await decide(
        waitlisted.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 500_000 }]),
      ).expect(201);
      expect(later.body.status).toBe('approved');
      expect(await committed(round.id)).toEqual({ USD: 500_000, JPY: 0 });
      // A rejection is final.
      const again = await decide(
        rejected.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 1 }]),
      ).expect(409);
      expect(again.body.code).toBe('invalid_state');
    });

    it('refuses an approval without the required submitted reviews (422)', async () => {
      const round = await createRound(ctx, { reviewersPerApplication: 3 });
      const { application } = await underReview(round, { reviews: 2 });
      const res = await decide(
        application.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 100 }]),
      ).expect(422);
      expect(res.body).toMatchObject({ code: 'rule_violation' });
      expect(res.body.detail).toMatch(/3 submitted reviews.*has 2/);
      expect(await statusOf(application.id)).toBe('in_review');
    });

    it('refuses more than the side requested, or a currency it did not request (422)', async () => {
      const round = await createRound(ctx);
      const { application } = await underReview(round, {
        budgetLines: [usd(300_000), usd(200_000), jpy(400_000)],
      });
      const above = await decide(
        application.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 500_001 }]),
      ).expect(422);
      expect(above.body.detail).toBe(
        'The US side is awarded USD 5,000.01, more than its request of USD 5,000.00',
      );
      const unrequested = await decide(
        application.id,
        approve([{ side: 'JP', currency: 'USD', amountMinor: 1 }]),
      ).expect(422);
      expect(unrequested.body.detail).toBe('The JP side requested nothing in USD');
      // One disbursement per tranche per side: a side is paid in one currency.
      const { application: both } = await underReview(round, {
        budgetLines: [usd(1_000), jpy(1_000, 'US')],
      });
      const twoCurrencies = await decide(
        both.id,
        approve([
          { side: 'US', currency: 'USD', amountMinor: 1_000 },
          { side: 'US', currency: 'JPY', amountMinor: 1_000 },
        ]),
      ).expect(422);
      expect(twoCurrencies.body.detail).toMatch(/US side is awarded in two currencies/);
      expect(await committed(round.id)).toEqual({ USD: 0, JPY: 0 });
      expect(await statusOf(application.id)).toBe('in_review');
    });

    it('refuses an award the remaining budget cannot cover, naming the currency (422)', async () => {
      const round = await createRound(ctx, {
        budgets: [
          { currency: 'USD', amountMinor: 1_000_000, maxAwardMinor: 1_000_000 },
          { currency: 'JPY', amountMinor: 15_000_000, maxAwardMinor: 1_500_000 },
        ],
      });
      await ctx.db.query(
        `UPDATE round_budgets SET committed_minor = 50000 WHERE round_id = $1 AND currency = 'USD'`,
        [round.id],
      );
      const { application } = await underReview(round, { budgetLines: [usd(1_000_000)] });
      const res = await decide(
        application.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 1_000_000 }]),
      ).expect(422);
      expect(res.body.detail).toBe('USD budget: USD 9,500.00 remaining, USD 10,000.00 requested');
      expect(await committed(round.id)).toEqual({ USD: 50_000, JPY: 0 });
      expect(await statusOf(application.id)).toBe('in_review');

      // What fits still goes through.
      await decide(
        application.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 950_000 }]),
      ).expect(201);
      expect(await committed(round.id)).toEqual({ USD: 1_000_000, JPY: 0 });
    });

    it('answers 409 invalid_state for a submitted (not in review) or an already approved application', async () => {
      const round = await createRound(ctx);
      const submitted = (await underReview(round, { status: 'submitted' })).application;
      const res = await decide(submitted.id, { outcome: 'rejected', rationale: 'x' }).expect(409);
      expect(res.body).toMatchObject({ code: 'invalid_state' });
      expect(res.body.detail).toBe('Cannot reject an application that is submitted');

      const approved = (await underReview(round)).application;
      const body = approve([{ side: 'US', currency: 'USD', amountMinor: 1_000 }]);
      await decide(approved.id, body).expect(201);
      const twice = await decide(approved.id, body).expect(409);
      expect(twice.body.code).toBe('invalid_state');
      expect(await committed(round.id)).toEqual({ USD: 1_000, JPY: 0 });
    });

    it('answers 400 for a malformed decision and writes nothing', async () => {
      const round = await createRound(ctx);
      const { application } = await underReview(round);
      const line = { side: 'US', currency: 'USD', amountMinor: 100 };
      const bad: [string, object, string][] = [
        ['approval without awards', { outcome: 'approved', rationale: 'x' }, 'awards'],
        [
          'awards with a rejection',
          { outcome: 'rejected', awards: [line], rationale: 'x' },
          'awards',
        ],
        ['an unknown field', { outcome: 'rejected', rationale: 'x', score: 5 }, 'score'],
        ['a negative amount', approve([{ ...line, amountMinor: -5 }]), 'awards.0.amountMinor'],
        ['a fractional amount', approve([{ ...line, amountMinor: 1.5 }]), 'awards.0.amountMinor'],
        ['a repeated side and currency', approve([line, line]), 'awards'],
        ['five lines', approve([line, line, line, line, line]), 'awards'],
        ['no rationale', { outcome: 'rejected' }, 'rationale'],
        ['a blank rationale', { outcome: 'rejected', rationale: '   ' }, 'rationale'],
        ['a too long rationale', { outcome: 'rejected', rationale: 'x'.repeat(5001) }, 'rationale'],
        ['an unknown outcome', { outcome: 'maybe', rationale: 'x' }, 'outcome'],
        ['an unknown side', approve([{ ...line, side: 'UK' }]), 'awards.0.side'],
      ];
      for (const [what, body, field] of bad) {
        const res = await decide(application.id, body);
        expect({ what, status: res.status, code: res.body.code }).toEqual({
          what,
          status: 400,
          code: 'validation_failed',
        });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      await decide('not-a-uuid', { outcome: 'rejected', rationale: 'x' }).expect(400);
      expect(await statusOf(application.id)).toBe('in_review');
      expect(await committed(round.id)).toEqual({ USD: 0, JPY: 0 });
    });

    it('lets only officers decide (403), refuses anonymous callers (401), 404 for a missing application', async () => {
      const round = await createRound(ctx);
      const { application, partnership } = await underReview(round);
      const body = { outcome: 'rejected', rationale: 'x' };
      for (const role of ['reviewer', 'finance_officer', 'finance_approver', 'auditor'] as const) {
        const { auth } = await bearer(ctx, { role });
        const res = await decide(application.id, body, auth);
        expect({ role, status: res.status }).toEqual({ role, status: 403 });
      }
      const cityUser = await bearer(ctx, { role: 'city_user', cityId: partnership.jpCityId });
      await decide(application.id, body, cityUser.auth).expect(403);
      await request(ctx.http)
        .post(`/api/v1/applications/${application.id}/decision`)
        .send(body)
        .expect(401);
      const admin = await bearer(ctx, { role: 'admin' });
      await decide(randomUUID(), body, admin.auth).expect(404);
      expect(await statusOf(application.id)).toBe('in_review');
      await decide(application.id, body, admin.auth).expect(201);
    });
  });

  describe('reading awards and disbursements', () => {
    let mine: { awardId: string; cityId: string };
    let theirs: { awardId: string };

    beforeAll(async () => {
      const round = await createRound(ctx);
      const lines = [{ side: 'US', currency: 'USD', amountMinor: 200_000 }];
      const a = await underReview(round);
      const b = await underReview(round);
      const ra = await decide(a.application.id, approve(lines)).expect(201);
      const rb = await decide(b.application.id, approve(lines)).expect(201);
      mine = { awardId: ra.body.award.id, cityId: a.partnership.usCityId };
      theirs = { awardId: rb.body.award.id };
      // One tranche paid, so disbursed and remaining show it.
      await ctx.db.query(
        `UPDATE disbursements SET status = 'paid' WHERE award_id = $1 AND tranche_index = 0`,
        [mine.awardId],
      );
    });

    it('shows a city user its own city’s awards only: list, single (404 for another city’s)', async () => {
      const { auth } = await bearer(ctx, { role: 'city_user', cityId: mine.cityId });
      const list = await request(ctx.http).get('/api/v1/awards').set('Authorization', auth);
      expect(list.status).toBe(200);
      expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([mine.awardId]);
      expect(list.body.data[0].totals).toEqual([
        {
          currency: 'USD',
          awardedMinor: 200_000,
          disbursedMinor: 100_000,
          remainingMinor: 100_000,
        },
      ]);
      expect(list.body.data[0].disbursements).toBeUndefined();

      const one = await request(ctx.http)
        .get(`/api/v1/awards/${mine.awardId}`)
        .set('Authorization', auth)
        .expect(200);
      expect(one.body.disbursements.map((d: { status: string }) => d.status)).toEqual([
        'paid',
        'on_hold',
      ]);
      const other = await request(ctx.http)
        .get(`/api/v1/awards/${theirs.awardId}`)
        .set('Authorization', auth)
        .expect(404);
      expect(other.body.code).toBe('not_found');

      const disbursements = await request(ctx.http)
        .get('/api/v1/disbursements')
        .set('Authorization', auth)
        .expect(200);
      expect(new Set(disbursements.body.data.map((d: { awardId: string }) => d.awardId))).toEqual(
        new Set([mine.awardId]),
      );
      const theirDisbursement = (await ctx.db.query(
        'SELECT id FROM disbursements WHERE award_id = $1 LIMIT 1',
        [theirs.awardId],
      )) as { id: string }[];
      await request(ctx.http)
        .get(`/api/v1/disbursements/${theirDisbursement[0].id}`)
        .set('Authorization', auth)
        .expect(404);
    });

    it('lists awards by round and city for staff, pages with a cursor, and filters disbursements', async () => {
      const { auth } = await bearer(ctx, { role: 'finance_officer' });
      const byCity = await request(ctx.http)
        .get(`/api/v1/awards?cityId=${mine.cityId}`)
        .set('Authorization', auth)
        .expect(200);
      expect(byCity.body.data.map((a: { id: string }) => a.id)).toEqual([mine.awardId]);

      const roundId = (
        await request(ctx.http)
          .get(`/api/v1/awards/${mine.awardId}`)
          .set('Authorization', auth)
          .expect(200)
      ).body.roundId as string;
      const first = await request(ctx.http)
        .get(`/api/v1/awards?roundId=${roundId}&limit=1`)
        .set('Authorization', auth)
        .expect(200);
      expect(first.body.data).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await request(ctx.http)
        .get(`/api/v1/awards?roundId=${roundId}&limit=1&cursor=${first.body.nextCursor}`)
        .set('Authorization', auth)
        .expect(200);
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      expect(new Set([first.body.data[0].id, second.body.data[0].id])).toEqual(
        new Set([mine.awardId, theirs.awardId]),
      );
      const mineInFull = (
        await request(ctx.http)
          .get(`/api/v1/awards/${mine.awardId}`)
          .set('Authorization', auth)
          .expect(200)
      ).body;
      const byApplication = await request(ctx.http)
        .get(`/api/v1/awards?applicationId=${mineInFull.applicationId}`)
        .set('Authorization', auth)
        .expect(200);
      expect(byApplication.body.data.map((a: { id: string }) => a.id)).toEqual([mine.awardId]);

      const held = await request(ctx.http)
        .get(`/api/v1/disbursements?awardId=${mine.awardId}&status=on_hold`)
        .set('Authorization', auth)
        .expect(200);
      expect(held.body.data).toEqual([
        expect.objectContaining({ awardId: mine.awardId, tranche: 'final', amountMinor: 100_000 }),
      ]);
      const one = await request(ctx.http)
        .get(`/api/v1/disbursements/${held.body.data[0].id}`)
        .set('Authorization', auth)
        .expect(200);
      expect(one.headers.etag).toBe('"1"');
      expect(one.body).toEqual(held.body.data[0]);
    });

    it('refuses reviewers (403), anonymous callers (401), bad filters (400), unknown ids (404)', async () => {
      const reviewer = await bearer(ctx, { role: 'reviewer' });
      await request(ctx.http).get('/api/v1/awards').set('Authorization', reviewer.auth).expect(403);
      await request(ctx.http)
        .get('/api/v1/disbursements')
        .set('Authorization', reviewer.auth)
        .expect(403);
      await request(ctx.http).get('/api/v1/awards').expect(401);
      await request(ctx.http).get(`/api/v1/disbursements/${randomUUID()}`).expect(401);
      await request(ctx.http)
        .get('/api/v1/awards?roundId=nope')
        .set('Authorization', officer)
        .expect(400);
      await request(ctx.http)
        .get('/api/v1/awards?applicationId=nope')
        .set('Authorization', officer)
        .expect(400);
      await request(ctx.http)
        .get('/api/v1/disbursements?status=lost')
        .set('Authorization', officer)
        .expect(400);
      await request(ctx.http)
        .get(`/api/v1/awards/${randomUUID()}`)
        .set('Authorization', officer)
        .expect(404);
      await request(ctx.http)
        .get(`/api/v1/disbursements/${randomUUID()}`)
        .set('Authorization', officer)
        .expect(404);
    });
  });

  describe('FX: the award keeps the rate of its decision day', () => {
    it('converts a JPY award at the newest USD→JPY rate on or before the decision day, exactly', async () => {
      const finance = await bearer(ctx, { role: 'finance_officer' });
      const record = (rate: string, effectiveOn: string) =>
        request(ctx.http)
          .post('/api/v1/fx-rates')
          .set('Authorization', finance.auth)
          .send({ base: 'USD', quote: 'JPY', rate, effectiveOn })
          .expect(201);
      await record('140', day(-2));
      await record('150.5', day(-1));
      await record('100', day(1)); // not yet in force
      // The other direction is not what awards read.
      await request(ctx.http)
        .post('/api/v1/fx-rates')
        .set('Authorization', finance.auth)
        .send({ base: 'JPY', quote: 'USD', rate: '0.005', effectiveOn: day(0) })
        .expect(201);

      const round = await createRound(ctx);
      const { application } = await underReview(round, {
        budgetLines: [usd(100_000), jpy(1_000_000)],
      });
      const res = await decide(
        application.id,
        approve([
          { side: 'US', currency: 'USD', amountMinor: 100_000 },
          { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
        ]),
      ).expect(201);
      // ¥1,000,000 / 150.5 = $6,644.518272… → 664,452 cents, plus USD 1,000.00.
      expect(res.body.award).toMatchObject({
        fxRateJpyPerUsd: '150.5',
        fxRateEffectiveOn: day(-1),
        usdTotalMinor: 764_452,
      });
      expect(res.body).toMatchObject({ notes: [], noteCodes: [] });
      const [row] = (await ctx.db.query(
        'SELECT fx_rate_jpy_per_usd, usd_total_minor FROM awards WHERE id = $1',
        [res.body.award.id],
      )) as { fx_rate_jpy_per_usd: string; usd_total_minor: number }[];
      expect(row).toEqual({ fx_rate_jpy_per_usd: '150.5000000000', usd_total_minor: 764_452 });
    });

    it('gives a USD-only award its USD total without any rate', async () => {
      const round = await createRound(ctx);
      const { application } = await underReview(round);
      const res = await decide(
        application.id,
        approve([{ side: 'US', currency: 'USD', amountMinor: 123_456 }]),
      ).expect(201);
      expect(res.body.award).toMatchObject({ fxRateJpyPerUsd: null, usdTotalMinor: 123_456 });
    });
  });

  describe('50 concurrent approvals against a budget that fits 10', () => {
    it('leaves exactly 10 awards and a committed total within the budget', async () => {
      const options: RoundOptions = {
        reviewersPerApplication: 1,
        budgets: [
          { currency: 'USD', amountMinor: 1_000_000, maxAwardMinor: 100_000 },
          { currency: 'JPY', amountMinor: 15_000_000, maxAwardMinor: 1_500_000 },
        ],
      };
      const round = await createRound(ctx, options);
      const applications: Application[] = [];
      for (let i = 0; i < 50; i++) {
        const { application } = await underReview(round, { budgetLines: [usd(100_000)] });
        applications.push(application);
      }

      const responses = await Promise.all(
        applications.map((a) =>
          decide(a.id, approve([{ side: 'US', currency: 'USD', amountMinor: 100_000 }])),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 422)).toHaveLength(40);
      for (const r of responses.filter((r) => r.status === 422)) {
        expect(r.body.detail).toMatch(/^USD budget: USD 0\.00 remaining/);
      }

      const [check] = (await ctx.db.query(
        `SELECT (SELECT COUNT(*)::int FROM awards WHERE round_id = $1) AS awards,
                (SELECT COALESCE(SUM(l.amount_minor), 0)::bigint FROM award_lines l
                   JOIN awards a ON a.id = l.award_id WHERE a.round_id = $1) AS awarded,
                (SELECT COUNT(*)::int FROM applications
                   WHERE round_id = $1 AND status = 'approved') AS approved,
                b.committed_minor, b.amount_minor
           FROM round_budgets b WHERE b.round_id = $1 AND b.currency = 'USD'`,
        [round.id],
      )) as {
        awards: number;
        awarded: number;
        approved: number;
        committed_minor: number;
        amount_minor: number;
      }[];
      expect(check).toEqual({
        awards: 10,
        awarded: 1_000_000,
        approved: 10,
        committed_minor: 1_000_000,
        amount_minor: 1_000_000,
      });
      expect(check.committed_minor).toBeLessThanOrEqual(check.amount_minor);
    }, 60_000);
  });
});
