import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Environment } from '../src/config/environment';
import {
  REPORTS_OVERDUE_JOB,
  ReportReminders,
  ReportRemindersSchedule,
} from '../src/grantee-reports/report-reminders';
import { QUEUES } from '../src/queues/queues';
import { Assignment } from '../src/reviews/assignment.entity';
import type { RequiredReport, Tranche } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { WorkerModule } from '../src/worker.module';
import { createTestApp, drainQueues, eventually, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createPartnership,
  createRound,
  createUser,
} from './support/factories';

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86400_000).toISOString().slice(0, 10);

const THREE_TRANCHES: Tranche[] = [
  { key: 'first', percent: 50, releaseOn: 'award' },
  { key: 'interim', percent: 20, releaseOn: 'interim_report_accepted' },
  { key: 'final', percent: 30, releaseOn: 'final_report_accepted' },
];
const BOTH_REPORTS: RequiredReport[] = [
  { kind: 'interim', dueOn: '2027-06-30' },
  { kind: 'final', dueOn: '2027-12-31' },
];

interface DisbursementRow {
  id: string;
  tranche: string;
  side: 'JP' | 'US';
  status: string;
}

describe('grantee reports (SPEC §5.8)', () => {
  let ctx: TestContext;
  let officer: string;
  let admin: string;
  let reviewers: User[];

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    admin = (await bearer(ctx, { role: 'admin' })).auth;
    reviewers = [];
    for (let i = 0; i < 3; i++) {
      reviewers.push(await createUser(ctx, { role: 'reviewer', country: i ? 'US' : 'JP' }));
    }
  });
  afterAll(() => ctx.close());

  /**
   * An approved award (US side USD 5,000.00, JP side ¥500,000) of a round with the given tranche
   * schedule and required reports, and a city user of each of its cities.
   */
  async function approvedAward(options: { tranches?: Tranche[]; reports?: RequiredReport[] } = {}) {
    const round = await createRound(ctx);
    await ctx.db.query(
      'UPDATE rounds SET tranche_schedule = $2, reports_required = $3 WHERE id = $1',
      [
        round.id,
        JSON.stringify(options.tranches ?? THREE_TRANCHES),
        JSON.stringify(options.reports ?? BOTH_REPORTS),
      ],
    );
    const partnership = await createPartnership(ctx);
    const application = await createApplication(ctx, round, partnership, { status: 'in_review' });
    const repo = ctx.db.getRepository(Assignment);
    await repo.save(
      reviewers.map((reviewer) =>
        repo.create({
          applicationId: application.id,
          roundId: round.id,
          reviewerId: reviewer.id,
          status: 'submitted',
          source: 'manual',
          assignedBy: null,
          assignedAt: new Date(),
          submittedAt: new Date(),
        }),
      ),
    );
    const res = await request(ctx.http)
      .post(`/api/v1/applications/${application.id}/decision`)
      .set('Authorization', officer)
      .send({
        outcome: 'approved',
        rationale: 'Strong',
        awards: [
          { side: 'US', currency: 'USD', amountMinor: 500_000 },
          { side: 'JP', currency: 'JPY', amountMinor: 500_000 },
        ],
      })
      .expect(201);
    const jp = await bearer(ctx, { role: 'city_user', cityId: partnership.jpCityId });
    const us = await bearer(ctx, { role: 'city_user', cityId: partnership.usCityId });
    return { awardId: res.body.award.id as string, partnership, round, jp: jp.auth, us: us.auth };
  }

  const narrative = { en: 'We held the exchange.', ja: '交流事業を実施しました。' };
  const expense = (amountMinor: number, currency: 'USD' | 'JPY' = 'JPY') => ({
    category: 'venue',
    description: 'Hall rental',
    amountMinor,
    currency,
  });

  const createReport = (awardId: string, auth: string, body: object) =>
    request(ctx.http)
      .post(`/api/v1/awards/${awardId}/reports`)
      .set('Authorization', auth)
      .send(body);
  const act = (id: string, action: string, auth: string, body?: object) =>
    request(ctx.http)
      .post(`/api/v1/reports/${id}/${action}`)
      .set('Authorization', auth)
      .send(body ?? {});

  /** Creates and submits a report; returns its id. */
  async function submitted(awardId: string, auth: string, kind: string, side: string) {
    const created = await createReport(awardId, auth, { kind, side, narrative }).expect(201);
    await act(created.body.id, 'submit', auth).expect(200);
    return created.body.id as string;
  }

  /** Creates, submits and accepts a report; returns the acceptance's body. */
  async function accepted(awardId: string, auth: string, kind: string, side: string) {
    const res = await act(await submitted(awardId, auth, kind, side), 'accept', officer).expect(
      200,
    );
    return res.body as { id: string; status: string; releasedDisbursementIds: string[] };
  }

  async function disbursements(awardId: string): Promise<DisbursementRow[]> {
    const res = await request(ctx.http)
      .get(`/api/v1/disbursements?awardId=${awardId}`)
      .set('Authorization', officer)
      .expect(200);
    return res.body.data as DisbursementRow[];
  }
  const statusOf = (rows: DisbursementRow[], tranche: string, side: 'JP' | 'US') =>
    rows.find((d) => d.tranche === tranche && d.side === side)!;
  const reportCount = async (awardId: string) =>
    Number(
      (
        (await ctx.db.query('SELECT count(*) AS n FROM grantee_reports WHERE award_id = $1', [
          awardId,
        ])) as { n: string }[]
      )[0].n,
    );
  const outbox = (type: string, key: string, value: string) =>
    ctx.db.query(`SELECT payload FROM outbox WHERE event_type = $1 AND payload->>$2 = $3`, [
      type,
      key,
      value,
    ]) as Promise<{ payload: Record<string, unknown> }[]>;

  describe('tranche release', () => {
    it('keeps the final tranche of a side on hold until that side’s final report is accepted', async () => {
      const { awardId, jp, us } = await approvedAward();
      const before = await disbursements(awardId);
      expect(before).toHaveLength(6);
      for (const side of ['JP', 'US'] as const) {
        expect(statusOf(before, 'first', side).status).toBe('scheduled');
        expect(statusOf(before, 'interim', side).status).toBe('on_hold');
        expect(statusOf(before, 'final', side).status).toBe('on_hold');
      }

      // The JP interim report releases the JP interim tranche, nothing else.
      const interim = await accepted(awardId, jp, 'interim', 'JP');
      expect(interim.status).toBe('accepted');
      expect(interim.releasedDisbursementIds).toEqual([statusOf(before, 'interim', 'JP').id]);
      let now = await disbursements(awardId);
      expect(statusOf(now, 'interim', 'JP').status).toBe('scheduled');
      expect(statusOf(now, 'interim', 'US').status).toBe('on_hold');
      expect(statusOf(now, 'final', 'JP').status).toBe('on_hold');
      expect(statusOf(now, 'final', 'US').status).toBe('on_hold');

      // The other side's final report releases the other side's final tranche only.
      const usFinal = await accepted(awardId, us, 'final', 'US');
      expect(usFinal.releasedDisbursementIds).toEqual([statusOf(before, 'final', 'US').id]);
      now = await disbursements(awardId);
      expect(statusOf(now, 'final', 'US').status).toBe('scheduled');
      expect(statusOf(now, 'final', 'JP').status).toBe('on_hold');

      const jpFinal = await accepted(awardId, jp, 'final', 'JP');
      expect(jpFinal.releasedDisbursementIds).toEqual([statusOf(before, 'final', 'JP').id]);
      now = await disbursements(awardId);
      // Scheduled is the state a finance officer requests a payout from (SPEC §5.7).
      expect(statusOf(now, 'final', 'JP').status).toBe('scheduled');
      expect(statusOf(now, 'interim', 'US').status).toBe('on_hold');

      const [event] = await outbox('report.accepted', 'reportId', jpFinal.id);
      expect(event.payload).toMatchObject({
        reportId: jpFinal.id,
        awardId,
        kind: 'final',
        side: 'JP',
        releasedDisbursementIds: jpFinal.releasedDisbursementIds,
      });
      expect(await outbox('report.submitted', 'reportId', jpFinal.id)).toHaveLength(1);
      const audit = (await ctx.db.query(
        `SELECT action FROM audit_events WHERE entity_type = 'disbursement' AND entity_id = $1`,
        [statusOf(before, 'final', 'JP').id],
      )) as { action: string }[];
      expect(audit.map((a) => a.action)).toContain('disbursement.released');
    });

    it('a joint report releases the matching tranche of both sides', async () => {
      const { awardId, us } = await approvedAward();
      const before = await disbursements(awardId);
      const joint = await accepted(awardId, us, 'final', 'joint');
      expect(new Set(joint.releasedDisbursementIds)).toEqual(
        new Set([statusOf(before, 'final', 'JP').id, statusOf(before, 'final', 'US').id]),
      );
      const now = await disbursements(awardId);
      expect(statusOf(now, 'final', 'JP').status).toBe('scheduled');
      expect(statusOf(now, 'final', 'US').status).toBe('scheduled');
      expect(statusOf(now, 'interim', 'JP').status).toBe('on_hold');
      expect(statusOf(now, 'interim', 'US').status).toBe('on_hold');
    });

    it('leaves a tranche that is no longer on hold alone', async () => {
      const { awardId, jp } = await approvedAward();
      const before = await disbursements(awardId);
      const held = statusOf(before, 'final', 'JP');
      await ctx.db.query(`UPDATE disbursements SET status = 'cancelled' WHERE id = $1`, [held.id]);
      const res = await accepted(awardId, jp, 'final', 'JP');
      expect(res.releasedDisbursementIds).toEqual([]);
      expect(statusOf(await disbursements(awardId), 'final', 'JP').status).toBe('cancelled');
    });
  });

  describe('the report workflow', () => {
    it('create → submit → request changes → edit → resubmit → accept; 409 off the table', async () => {
      const { awardId, jp } = await approvedAward();
      const created = await createReport(awardId, jp, {
        kind: 'interim',
        side: 'JP',
        narrative,
        expenses: [expense(100_000)],
      }).expect(201);
      expect(created.headers.etag).toBe(`"${created.body.version}"`);
      expect(created.body).toMatchObject({
        awardId,
        kind: 'interim',
        side: 'JP',
        status: 'draft',
        dueOn: '2027-06-30',
        narrative,
        expenses: [expense(100_000)],
        overdueAt: null,
      });
      const id = created.body.id as string;

      await act(id, 'accept', officer).expect(409);
      const early = await act(id, 'request-changes', officer, { message: 'More detail' });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('invalid_state');

      const submitted = await act(id, 'submit', jp).expect(200);
      expect(submitted.body.status).toBe('submitted');
      expect(submitted.body.submittedAt).not.toBeNull();
      await act(id, 'submit', jp).expect(409);
      await request(ctx.http)
        .patch(`/api/v1/reports/${id}`)
        .set('Authorization', jp)
        .send({ narrative: { en: 'Changed' } })
        .expect(409);

      const back = await act(id, 'request-changes', officer, { message: 'Add receipts' }).expect(
        200,
      );
      expect(back.body).toMatchObject({
        status: 'changes_requested',
        changesMessage: 'Add receipts',
      });

      await request(ctx.http)
        .patch(`/api/v1/reports/${id}`)
        .set('Authorization', jp)
        .set('If-Match', `"${created.body.version}"`)
        .send({ narrative: { en: 'Stale' } })
        .expect(412);
      const edited = await request(ctx.http)
        .patch(`/api/v1/reports/${id}`)
        .set('Authorization', jp)
        .set('If-Match', back.headers.etag)
        .send({ expenses: [expense(100_000), expense(2_500, 'USD')] })
        .expect(200);
      expect(edited.body.version).toBeGreaterThan(back.body.version);
      expect(edited.body.narrative).toEqual(narrative);
      expect(edited.body.expenses).toHaveLength(2);

      await act(id, 'submit', jp).expect(200);
      // With an Idempotency-Key: the acceptance, its tranche release and the answer to replay are
      // one commit, and the reply is read inside it.
      const accept = () => act(id, 'accept', officer).set('Idempotency-Key', `accept-${id}`);
      const done = await accept().expect(200);
      expect(done.body).toMatchObject({
        status: 'accepted',
        releasedDisbursementIds: [expect.any(String)],
        // Who wrote it and who accepted it, named (the factories' display names).
        createdByName: 'Test city_user',
        reviewedByName: 'Test program_officer',
      });
      const retried = await accept().expect(200);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body).toEqual(done.body);
      await act(id, 'accept', officer).expect(409);
      await act(id, 'request-changes', officer, { message: 'Too late' }).expect(409);
      await act(id, 'submit', jp).expect(409);

      const got = await request(ctx.http)
        .get(`/api/v1/reports/${id}`)
        .set('Authorization', jp)
        .expect(200);
      expect(got.body).toMatchObject({
        status: 'accepted',
        createdByName: 'Test city_user',
        reviewedByName: 'Test program_officer',
      });
      expect(got.headers.etag).toBe(`"${got.body.version}"`);
    });

    it('accept and request-changes honour If-Match: a stale ETag is 412 and changes nothing', async () => {
      const { awardId, jp } = await approvedAward();
      const id = await submitted(awardId, jp, 'interim', 'JP');
      const read = await request(ctx.http)
        .get(`/api/v1/reports/${id}`)
        .set('Authorization', officer)
        .expect(200);
      expect(read.headers.etag).toBe(`"${read.body.version}"`);
      const withEtag = (action: string, etag: string, body?: object) =>
        act(id, action, officer, body).set('If-Match', etag);

      // Sent back (as read), edited and resubmitted: the first read no longer shows the report.
      const back = await withEtag('request-changes', read.headers.etag, { message: 'Receipts' });
      expect(back.status).toBe(200);
      expect(back.headers.etag).toBe(`"${back.body.version}"`);
      await request(ctx.http)
        .patch(`/api/v1/reports/${id}`)
        .set('Authorization', jp)
        .send({ expenses: [expense(90_000)] })
        .expect(200);
      const resubmitted = await act(id, 'submit', jp).expect(200);

      const snapshot = async () => {
        const [row] = (await ctx.db.query(
          `SELECT r.status, r.version, r.changes_message AS "changesMessage",
                  (SELECT count(*) FROM audit_events WHERE entity_id = r.id::text
                      OR data->>'reportId' = r.id::text)::int AS audit,
                  (SELECT count(*) FROM outbox WHERE payload->>'reportId' = r.id::text)::int AS outbox,
                  (SELECT count(*) FROM disbursements d WHERE d.award_id = r.award_id
                      AND d.status = 'on_hold')::int AS held
             FROM grantee_reports r WHERE r.id = $1`,
          [id],
        )) as Record<string, unknown>[];
        return row;
      };
      const before = await snapshot();
      expect(before).toMatchObject({ status: 'submitted', version: resubmitted.body.version });
      for (const [action, body] of [
        ['accept', undefined],
        ['request-changes', { message: 'Stale' }],
      ] as const) {
        for (const etag of [read.headers.etag, back.headers.etag, '"nonsense"']) {
          const stale = await withEtag(action, etag, body).set('Accept-Language', 'ja');
          expect(stale.status).toBe(412);
          expect(stale.body).toMatchObject({
            code: 'precondition_failed',
            detail: '読み込んだ後に他の人が更新しました。再読み込みしてください',
          });
        }
      }
      expect(await snapshot()).toEqual(before);

      // The current ETag passes, in its weak form too.
      const done = await withEtag('accept', `W/${resubmitted.headers.etag}`);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'accepted',
        releasedDisbursementIds: [expect.any(String)],
        // Who wrote it and who accepted it, named (the factories' display names).
        createdByName: 'Test city_user',
        reviewedByName: 'Test program_officer',
      });
      expect(done.headers.etag).toBe(`"${done.body.version}"`);
      expect(await snapshot()).toMatchObject({
        status: 'accepted',
        held: (before.held as number) - 1,
        // The accepted report's and its released tranche's entries; its report.accepted event.
        audit: (before.audit as number) + 2,
        outbox: (before.outbox as number) + 1,
      });
    });

    it('flags expenses over the award without refusing them', async () => {
      const { awardId, jp, us } = await approvedAward();
      const over = await createReport(awardId, jp, {
        kind: 'final',
        side: 'JP',
        narrative,
        expenses: [expense(400_000), expense(100_001), expense(1_000, 'USD')],
      }).expect(201);
      expect(over.body.expenseComparison).toEqual([
        { currency: 'USD', awardedMinor: 0, spentMinor: 1_000, overspent: true },
        { currency: 'JPY', awardedMinor: 500_000, spentMinor: 500_001, overspent: true },
      ]);
      const within = await createReport(awardId, us, {
        kind: 'interim',
        side: 'US',
        narrative,
        expenses: [expense(500_000, 'USD')],
      }).expect(201);
      expect(within.body.expenseComparison).toEqual([
        { currency: 'USD', awardedMinor: 500_000, spentMinor: 500_000, overspent: false },
      ]);
      await act(over.body.id, 'submit', jp).expect(200);
      await act(over.body.id, 'accept', officer).expect(200);
    });

    it('compares a joint report with both sides of the award', async () => {
      const { awardId, jp } = await approvedAward();
      const res = await createReport(awardId, jp, {
        kind: 'final',
        side: 'joint',
        narrative,
        expenses: [expense(499_999), expense(400_000, 'USD')],
      }).expect(201);
      expect(res.body.expenseComparison).toEqual([
        { currency: 'USD', awardedMinor: 500_000, spentMinor: 400_000, overspent: false },
        { currency: 'JPY', awardedMinor: 500_000, spentMinor: 499_999, overspent: false },
      ]);
    });

    it('takes only the kinds the round requires, one report per kind and side', async () => {
      const { awardId, jp, us } = await approvedAward({
        reports: [{ kind: 'final', dueOn: '2027-12-31' }],
      });
      const notRequired = await createReport(awardId, jp, {
        kind: 'interim',
        side: 'JP',
        narrative,
      });
      expect(notRequired.status).toBe(422);
      expect(notRequired.body.code).toBe('rule_violation');

      await createReport(awardId, jp, { kind: 'final', side: 'JP', narrative }).expect(201);
      const again = await createReport(awardId, jp, { kind: 'final', side: 'JP', narrative });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('conflict');
      // A joint report would account for the JP side a second time.
      await createReport(awardId, us, { kind: 'final', side: 'joint', narrative }).expect(409);
      await createReport(awardId, us, { kind: 'final', side: 'US', narrative }).expect(201);
      expect(await reportCount(awardId)).toBe(2);
    });

    it('admits one report per slot when two are created at once', async () => {
      const { awardId, jp } = await approvedAward();
      const results = await Promise.all(
        [1, 2, 3].map(() => createReport(awardId, jp, { kind: 'final', side: 'JP', narrative })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(await reportCount(awardId)).toBe(1);
    });
  });

  describe('access', () => {
    it('hides other cities’ awards and reports (404) and keeps each city to its side (403)', async () => {
      const { awardId, jp, us } = await approvedAward();
      const stranger = (
        await bearer(ctx, { role: 'city_user', cityId: (await createPartnership(ctx)).jpCityId })
      ).auth;
      const res = await createReport(awardId, stranger, { kind: 'final', side: 'JP', narrative });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');

      const wrongSide = await createReport(awardId, us, { kind: 'final', side: 'JP', narrative });
      expect(wrongSide.status).toBe(403);
      expect(wrongSide.body.code).toBe('forbidden');

      const report = await createReport(awardId, jp, {
        kind: 'final',
        side: 'JP',
        narrative,
      }).expect(201);
      const id = report.body.id as string;
      await request(ctx.http)
        .get(`/api/v1/reports/${id}`)
        .set('Authorization', stranger)
        .expect(404);
      await act(id, 'submit', stranger).expect(404);
      await request(ctx.http)
        .patch(`/api/v1/reports/${id}`)
        .set('Authorization', stranger)
        .send({ narrative })
        .expect(404);
      // The partner city reads the other side's report but does not write or submit it.
      await request(ctx.http).get(`/api/v1/reports/${id}`).set('Authorization', us).expect(200);
      await act(id, 'submit', us).expect(403);

      const strangerList = await request(ctx.http)
        .get(`/api/v1/reports?awardId=${awardId}`)
        .set('Authorization', stranger)
        .expect(200);
      expect(strangerList.body.data).toEqual([]);
      const partnerList = await request(ctx.http)
        .get(`/api/v1/reports?awardId=${awardId}`)
        .set('Authorization', us)
        .expect(200);
      expect(partnerList.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
      // A list names the awarded project of each report (read with the page, not per row).
      const [{ title }] = await ctx.db.query(
        `SELECT a.title FROM awards aw JOIN applications a ON a.id = aw.application_id
          WHERE aw.id = $1`,
        [awardId],
      );
      expect(partnerList.body.data[0].applicationTitle).toEqual(title);
      // And who started each report (one query for the page's names, not one per row).
      expect(partnerList.body.data[0]).toMatchObject({
        createdByName: 'Test city_user',
        reviewedByName: null,
      });
      expect(await reportCount(awardId)).toBe(1);
    });

    it('admits each role only where the route says (403), and nobody unauthenticated (401)', async () => {
      const { awardId, jp } = await approvedAward();
      const report = await createReport(awardId, jp, {
        kind: 'final',
        side: 'JP',
        narrative,
      }).expect(201);
      const id = report.body.id as string;
      const auditor = (await bearer(ctx, { role: 'auditor' })).auth;
      const finance = (await bearer(ctx, { role: 'finance_officer' })).auth;
      const reviewer = (await bearer(ctx, { role: 'reviewer' })).auth;

      await createReport(awardId, officer, { kind: 'interim', side: 'JP', narrative }).expect(403);
      await createReport(awardId, auditor, { kind: 'interim', side: 'JP', narrative }).expect(403);
      await act(id, 'submit', officer).expect(403);
      await act(id, 'submit', jp).expect(200);
      await act(id, 'accept', jp).expect(403);
      await act(id, 'accept', finance).expect(403);
      await act(id, 'request-changes', auditor, { message: 'x' }).expect(403);
      await request(ctx.http).get('/api/v1/reports').set('Authorization', reviewer).expect(403);
      await request(ctx.http)
        .get(`/api/v1/reports/${id}`)
        .set('Authorization', reviewer)
        .expect(403);
      for (const auth of [auditor, finance, admin, officer]) {
        await request(ctx.http).get(`/api/v1/reports/${id}`).set('Authorization', auth).expect(200);
      }

      await request(ctx.http).get('/api/v1/reports').expect(401);
      await request(ctx.http).get(`/api/v1/reports/${id}`).expect(401);
      await request(ctx.http)
        .post(`/api/v1/awards/${awardId}/reports`)
        .send({ kind: 'interim', side: 'JP', narrative })
        .expect(401);
      await request(ctx.http).post(`/api/v1/reports/${id}/accept`).expect(401);
      // The admin may accept (SPEC §4: admin reaches everything).
      await act(id, 'accept', admin).expect(200);
    });
  });

  describe('validation', () => {
    it('refuses malformed bodies with 400 and writes nothing', async () => {
      const { awardId, jp } = await approvedAward();
      const bad: object[] = [
        {},
        { kind: 'midterm', side: 'JP', narrative },
        { kind: 'final', side: 'EU', narrative },
        { kind: 'final', side: 'JP' },
        { kind: 'final', side: 'JP', narrative: {} },
        { kind: 'final', side: 'JP', narrative: { en: 'x'.repeat(5001) } },
        { kind: 'final', side: 'JP', narrative, expenses: [expense(1.5)] },
        { kind: 'final', side: 'JP', narrative, expenses: [expense(0)] },
        { kind: 'final', side: 'JP', narrative, expenses: [expense(100, 'EUR' as 'USD')] },
        { kind: 'final', side: 'JP', narrative, expenses: [{ ...expense(1), category: '' }] },
        {
          kind: 'final',
          side: 'JP',
          narrative,
          expenses: [{ ...expense(1), category: 'c'.repeat(61) }],
        },
        {
          kind: 'final',
          side: 'JP',
          narrative,
          expenses: [{ ...expense(1), description: 'd'.repeat(501) }],
        },
        { kind: 'final', side: 'JP', narrative, expenses: Array(201).fill(expense(1)) },
        // Each line is a safe integer; their sum is not.
        {
          kind: 'final',
          side: 'JP',
          narrative,
          expenses: [expense(Number.MAX_SAFE_INTEGER), expense(Number.MAX_SAFE_INTEGER)],
        },
        { kind: 'final', side: 'JP', narrative, extra: true },
      ];
      for (const body of bad) {
        const res = await createReport(awardId, jp, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({
          body,
          status: 400,
          code: 'validation_failed',
        });
      }
      await createReport(randomUUID(), jp, { kind: 'final', side: 'JP', narrative }).expect(404);
      await createReport('not-a-uuid', jp, { kind: 'final', side: 'JP', narrative }).expect(400);
      expect(await reportCount(awardId)).toBe(0);

      const report = await createReport(awardId, jp, {
        kind: 'final',
        side: 'JP',
        narrative,
      }).expect(201);
      const id = report.body.id as string;
      for (const body of [{ narrative: null }, { expenses: null }, { status: 'accepted' }]) {
        await request(ctx.http)
          .patch(`/api/v1/reports/${id}`)
          .set('Authorization', jp)
          .send(body)
          .expect(400);
      }
      await act(id, 'submit', jp).expect(200);
      await act(id, 'request-changes', officer, {}).expect(400);
      await act(id, 'request-changes', officer, { message: '' }).expect(400);
      const unchanged = await request(ctx.http)
        .get(`/api/v1/reports/${id}`)
        .set('Authorization', officer)
        .expect(200);
      expect(unchanged.body).toMatchObject({ status: 'submitted', narrative, version: 2 });

      await act(randomUUID(), 'accept', officer).expect(404);
      await request(ctx.http)
        .get(`/api/v1/reports/${randomUUID()}`)
        .set('Authorization', officer)
        .expect(404);
      await request(ctx.http)
        .get('/api/v1/reports?overdue=maybe')
        .set('Authorization', officer)
        .expect(400);
    });
  });

  describe('due and overdue reminders', () => {
    let second: INestApplicationContext;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
        .overrideProvider(Environment)
        .useValue(ctx.env)
        .compile();
      moduleRef.useLogger(false);
      second = await moduleRef.init();
    });
    afterAll(() => second?.close());

    const reminders = (awardId: string) =>
      ctx.db.query(
        `SELECT kind, side, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", reminder_type AS type
           FROM report_reminders WHERE award_id = $1 ORDER BY reminder_type, kind, side`,
        [awardId],
      ) as Promise<{ kind: string; side: string; dueOn: string; type: string }[]>;
    const events = (type: string, awardId: string) => outbox(type, 'awardId', awardId);

    it('queues one reminder per report, side and due date, whatever the number of workers', async () => {
      const overdueOn = day(-3);
      const dueOn = day(5);
      const reports = [
        { kind: 'interim', dueOn: overdueOn },
        { kind: 'final', dueOn },
      ] as RequiredReport[];
      const late = await approvedAward({ reports });
      // A draft is no answer: it is marked overdue and its side reminded.
      const draft = await createReport(late.awardId, late.jp, {
        kind: 'interim',
        side: 'JP',
        narrative,
      }).expect(201);
      // A submitted joint interim report answers both sides: no overdue reminder for this award.
      const onTime = await approvedAward({ reports });
      const joint = await createReport(onTime.awardId, onTime.us, {
        kind: 'interim',
        side: 'joint',
        narrative,
      }).expect(201);
      await act(joint.body.id, 'submit', onTime.us).expect(200);

      const handlers = [ctx.worker!, second].map((w) => w.get(ReportReminders));
      const runs = await Promise.all([...handlers, ...handlers].map((h) => h.run()));
      expect(runs.reduce((n, r) => n + r.overdueReminders, 0)).toBe(2);
      expect(runs.reduce((n, r) => n + r.markedOverdue, 0)).toBe(1);

      expect(await reminders(late.awardId)).toEqual([
        { kind: 'final', side: 'JP', dueOn, type: 'due' },
        { kind: 'final', side: 'US', dueOn, type: 'due' },
        { kind: 'interim', side: 'JP', dueOn: overdueOn, type: 'overdue' },
        { kind: 'interim', side: 'US', dueOn: overdueOn, type: 'overdue' },
      ]);
      expect(await reminders(onTime.awardId)).toEqual([
        { kind: 'final', side: 'JP', dueOn, type: 'due' },
        { kind: 'final', side: 'US', dueOn, type: 'due' },
      ]);
      const overdue = await events('report.overdue', late.awardId);
      expect(
        overdue.map((e) => e.payload).sort((a, b) => String(a.side).localeCompare(String(b.side))),
      ).toEqual([
        expect.objectContaining({
          awardId: late.awardId,
          kind: 'interim',
          side: 'JP',
          dueOn: overdueOn,
          cityId: late.partnership.jpCityId,
        }),
        expect.objectContaining({
          awardId: late.awardId,
          kind: 'interim',
          side: 'US',
          dueOn: overdueOn,
          cityId: late.partnership.usCityId,
        }),
      ]);
      expect(await events('report.due', late.awardId)).toHaveLength(2);
      expect(await events('report.overdue', onTime.awardId)).toHaveLength(0);

      const marked = await request(ctx.http)
        .get(`/api/v1/reports/${draft.body.id}`)
        .set('Authorization', late.jp)
        .expect(200);
      expect(marked.body.overdueAt).not.toBeNull();
      // The grantee's pending edit still applies: marking overdue is no edit of theirs.
      expect(marked.body.version).toBe(draft.body.version);
      const overdueList = await request(ctx.http)
        .get(`/api/v1/reports?overdue=true&awardId=${late.awardId}`)
        .set('Authorization', officer)
        .expect(200);
      expect(overdueList.body.data.map((r: { id: string }) => r.id)).toEqual([draft.body.id]);

      // Again, from both workers: everything is already queued.
      const again = await Promise.all(handlers.map((h) => h.run()));
      expect(again).toEqual([
        { markedOverdue: 0, overdueReminders: 0, dueReminders: 0 },
        { markedOverdue: 0, overdueReminders: 0, dueReminders: 0 },
      ]);
      expect(await reminders(late.awardId)).toHaveLength(4);
      expect(await events('report.overdue', late.awardId)).toHaveLength(2);
    });

    it('runs as the reports-overdue job of the maintenance queue, scheduled by cron', async () => {
      const { awardId } = await approvedAward({
        reports: [{ kind: 'final', dueOn: day(-1) }],
      });
      const queue = ctx.queue(QUEUES.maintenance);
      const job = await queue.add(REPORTS_OVERDUE_JOB, {});
      await drainQueues(ctx);
      await eventually(async () => (await queue.getJob(job.id!))?.finishedOn, 10_000, 'the job');
      const finished = await queue.getJob(job.id!);
      expect(finished?.failedReason).toBeUndefined();
      expect(finished?.returnvalue).toEqual({
        markedOverdue: 0,
        overdueReminders: 2,
        dueReminders: 0,
      });
      expect(await reminders(awardId)).toHaveLength(2);

      await ctx.worker!.get(ReportRemindersSchedule).install();
      expect(await queue.getJobSchedulers()).toEqual([
        expect.objectContaining({
          key: REPORTS_OVERDUE_JOB,
          pattern: ctx.env.REPORTS_OVERDUE_CRON,
          tz: 'UTC',
        }),
      ]);
      // A repeatable job always has a delayed next run; remove it so the queue can drain.
      await queue.removeJobScheduler(REPORTS_OVERDUE_JOB);
      await drainQueues(ctx);
    });

    it('fails a maintenance job nobody handles instead of dropping it', async () => {
      const queue = ctx.queue(QUEUES.maintenance);
      const job = await queue.add('no-such-job', {}, { attempts: 1 });
      const failed = await eventually(async () => (await queue.getJob(job.id!))?.failedReason);
      expect(failed).toMatch(/no handler for maintenance job "no-such-job"/);
    });
  });
});
