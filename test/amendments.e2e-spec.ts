import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ReportReminders } from '../src/grantee-reports/report-reminders';
import { createTestApp, TestContext } from './support/app';
import {
  actOnAmendment,
  amendmentState,
  auditActions,
  awardForAmendments,
  jpMove,
  requestAmendment,
} from './support/amendments';
import { bearer, createPartnership } from './support/factories';

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86400_000).toISOString().slice(0, 10);

describe('amendments and award versions (issue 17, 変更承認)', () => {
  let ctx: TestContext;
  let finance: string;
  let auditor: string;

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    finance = (await bearer(ctx, { role: 'finance_officer' })).auth;
    auditor = (await bearer(ctx, { role: 'auditor' })).auth;
  });
  afterAll(() => ctx.close());

  const get = (path: string, auth: string) =>
    request(ctx.http).get(`/api/v1${path}`).set('Authorization', auth);

  describe('version 1', () => {
    it('is written with the award: the application’s budget scaled to the amounts', async () => {
      const { awardId, jp } = await awardForAmendments(ctx);
      const award = await get(`/awards/${awardId}`, jp.auth).expect(200);
      expect(award.body).toMatchObject({ status: 'active', currentVersion: 1 });
      const versions = await get(`/awards/${awardId}/versions`, auditor).expect(200);
      expect(versions.body.data).toHaveLength(1);
      expect(versions.body.data[0]).toMatchObject({
        version: 1,
        amendmentId: null,
        current: true,
        amounts: [
          { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
          { side: 'US', currency: 'USD', amountMinor: 500_000 },
        ],
        budgetLines: [
          { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 1_000_000 },
          { side: 'US', category: 'travel', currency: 'USD', amountMinor: 500_000 },
        ],
        reportsRequired: [{ kind: 'final', dueOn: '2027-12-31' }],
        startsOn: '2027-04-01',
        endsOn: '2027-09-30',
      });
      await get(`/awards/${awardId}/versions/1`, finance).expect(200);
      await get(`/awards/${awardId}/versions/2`, finance).expect(404);
    });

    it('is written on first use for an award decided before versions existed', async () => {
      const { awardId, officer } = await awardForAmendments(ctx);
      await ctx.db.query('DELETE FROM award_versions WHERE award_id = $1', [awardId]);
      const versions = await get(`/awards/${awardId}/versions`, officer).expect(200);
      expect(versions.body.data.map((v: { version: number }) => v.version)).toEqual([1]);
    });
  });

  describe('budget moves', () => {
    it('a small move is recorded at once: a new version, lines moved, amounts unchanged', async () => {
      const { awardId, jp } = await awardForAmendments(ctx);
      const res = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(100_000)] },
      }).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        status: 'recorded',
        baseVersion: 1,
        resultingVersion: 2,
        decidedBy: null,
        decidedByName: null,
        requestedBy: jp.user.id,
        requestedByName: 'Test city_user',
      });
      expect(res.body.decidedAt).not.toBeNull();

      const award = await get(`/awards/${awardId}`, jp.auth).expect(200);
      expect(award.body.currentVersion).toBe(2);
      expect(award.body.lines).toEqual([
        { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
        { side: 'US', currency: 'USD', amountMinor: 500_000 },
      ]);
      const versions = await get(`/awards/${awardId}/versions`, jp.auth).expect(200);
      expect(versions.body.data).toHaveLength(2);
      const [v1, v2] = versions.body.data;
      expect(v1).toMatchObject({ version: 1, current: false });
      expect(v2).toMatchObject({
        version: 2,
        current: true,
        amendmentId: res.body.id,
        createdBy: jp.user.id,
        amounts: v1.amounts,
        budgetLines: [
          { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 900_000 },
          { side: 'US', category: 'travel', currency: 'USD', amountMinor: 500_000 },
          { side: 'JP', category: 'printing', currency: 'JPY', amountMinor: 100_000 },
        ],
      });
      expect(await auditActions(ctx, res.body.id)).toEqual(['amendment.recorded']);
      const [outbox] = (await ctx.db.query(
        `SELECT payload FROM outbox WHERE event_type = 'amendment.recorded'
          AND payload->>'amendmentId' = $1`,
        [res.body.id],
      )) as { payload: Record<string, unknown> }[];
      expect(outbox.payload).toMatchObject({ awardId, resultingVersion: 2 });
    });

    it('a share exactly at the round’s percent is recorded; one unit over is requested', async () => {
      const at = await awardForAmendments(ctx);
      await requestAmendment(ctx, at.awardId, at.jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(150_000), jpMove(50_000, 'venue', 'food')] },
      })
        .expect(201)
        .expect((res) => expect(res.body.status).toBe('recorded'));

      const over = await awardForAmendments(ctx);
      const res = await requestAmendment(ctx, over.awardId, over.us.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(200_001)] },
      }).expect(201);
      expect(res.body).toMatchObject({ status: 'requested', resultingVersion: null });
      expect((await amendmentState(ctx, over.awardId)).currentVersion).toBe(1);
      expect(await auditActions(ctx, res.body.id)).toEqual(['amendment.requested']);
    });

    it('the share follows the round’s amendmentApprovalPercent', async () => {
      const { awardId, jp, round } = await awardForAmendments(ctx);
      await ctx.db.query('UPDATE rounds SET amendment_approval_percent = 5 WHERE id = $1', [
        round.id,
      ]);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(50_001)] },
      })
        .expect(201)
        .expect((res) => expect(res.body.status).toBe('requested'));
    });

    it('a large move is requested, then approved by the officer: version 2', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(600_000)] },
      }).expect(201);
      const id = requested.body.id as string;
      const read = await get(`/amendments/${id}`, officer).expect(200);
      expect(read.headers.etag).toBe('"1"');

      const approve = () =>
        actOnAmendment(ctx, id, 'approve', officer, { note: 'Fine' })
          .set('If-Match', read.headers.etag)
          .set('Idempotency-Key', `approve-${id}`);
      const approved = await approve().expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        resultingVersion: 2,
        decisionNote: 'Fine',
        // Both people named (the factories' display names), as every read of it names them.
        requestedByName: 'Test city_user',
        decidedByName: 'Test program_officer',
      });
      expect(approved.headers.etag).toBe('"2"');
      // Retried with its key (the answer was lost), the approval is replayed, not made again.
      const retried = await approve().expect(200);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body).toEqual(approved.body);
      const version = await get(`/awards/${awardId}/versions/2`, jp.auth).expect(200);
      expect(version.body).toMatchObject({
        amendmentId: id,
        budgetLines: [
          { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 400_000 },
          { side: 'US', category: 'travel', currency: 'USD', amountMinor: 500_000 },
          { side: 'JP', category: 'printing', currency: 'JPY', amountMinor: 600_000 },
        ],
      });
      expect((await amendmentState(ctx, awardId)).currentVersion).toBe(2);
      expect(await auditActions(ctx, id)).toEqual(['amendment.requested', 'amendment.approved']);

      const list = await get(`/awards/${awardId}/amendments`, auditor).expect(200);
      expect(list.body.data).toEqual([approved.body]);

      // Approved once: a second approval, a decline or a withdrawal is a state error.
      await actOnAmendment(ctx, id, 'approve', officer).expect(409);
      await actOnAmendment(ctx, id, 'decline', officer, { note: 'No' }).expect(409);
      await actOnAmendment(ctx, id, 'withdraw', jp.auth).expect(409);
      expect((await amendmentState(ctx, awardId)).versions).toHaveLength(2);
    });

    it('declined: no version; the next request may follow', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(600_000)] },
      }).expect(201);
      await actOnAmendment(ctx, requested.body.id, 'decline', officer, {}).expect(400);
      const declined = await actOnAmendment(ctx, requested.body.id, 'decline', officer, {
        note: 'Keep the venue',
      }).expect(200);
      expect(declined.body).toMatchObject({
        status: 'declined',
        resultingVersion: null,
        decisionNote: 'Keep the venue',
      });
      const state = await amendmentState(ctx, awardId);
      expect(state.currentVersion).toBe(1);
      expect(state.versions).toHaveLength(1);
      expect(await auditActions(ctx, requested.body.id)).toEqual([
        'amendment.requested',
        'amendment.declined',
      ]);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(600_000)] },
      }).expect(201);
    });

    it('refuses what breaks a rule (422) or is malformed (400), changing nothing', async () => {
      const { awardId, jp } = await awardForAmendments(ctx);
      const before = await amendmentState(ctx, awardId);
      const refused = async (moves: object[], status: number, detail?: RegExp) => {
        const res = await requestAmendment(ctx, awardId, jp.auth, {
          kind: 'budget_move',
          changes: { moves },
        }).expect(status);
        if (detail) expect(res.body.detail).toMatch(detail);
        return res;
      };
      await refused(
        [jpMove(1_000_001)],
        422,
        /^The JP side’s category venue has JPY 1,000,000, less than the JPY 1,000,001 to move$/,
      );
      // The second move counts what the first left.
      await refused([jpMove(100_000), jpMove(900_001)], 422, /category venue has JPY 900,000/);
      await refused(
        [jpMove(1, 'catering')],
        422,
        /^The JP side’s budget has no category catering$/,
      );
      // Another currency than the side's award, another side's category.
      await refused([{ ...jpMove(1_000), currency: 'USD' }], 422, /awarded in JPY/);
      await refused([{ ...jpMove(1_000), fromCategory: 'travel' }], 422, /no category travel/);
      await refused([{ ...jpMove(1_000), side: 'XX' }], 400);
      await refused([{ ...jpMove(1_000), amountMinor: 0 }], 400);
      await refused([{ ...jpMove(1_000), amountMinor: 1.5 }], 400);
      await refused([{ ...jpMove(1_000), toCategory: 'x'.repeat(61) }], 400);
      await refused([], 400);
      await refused(
        Array.from({ length: 21 }, () => jpMove(1)),
        400,
      );
      await refused([{ ...jpMove(1_000), extra: true }], 400);
      const shape = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(1_000)], endsOn: '2028-01-01' },
      }).expect(400);
      expect(shape.body.errors).toEqual([
        { field: 'changes.endsOn', message: 'a budget_move amendment does not take endsOn' },
      ]);
      await requestAmendment(ctx, awardId, jp.auth, { kind: 'budget_move', changes: {} }).expect(
        400,
      );
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(1_000)] },
        reason: {},
      }).expect(400);
      expect(await amendmentState(ctx, awardId)).toEqual(before);
    });

    it('a side with a confirmed settlement takes no budget move (422)', async () => {
      const { awardId, jp } = await awardForAmendments(ctx);
      await ctx.db.query(
        `INSERT INTO settlements (award_id, side, currency, report_id, award_version, awarded_minor,
           spent_minor, eligible_minor, subsidy_rate_bp, rounding_unit_minor, confirmed_minor,
           categories, status, computed_by, version)
         VALUES ($1, 'JP', 'JPY', $2, 1, 1000000, 1000000, 1000000, 10000, 1, 1000000, '[]',
                 'confirmed', $3, 1)`,
        [awardId, randomUUID(), jp.user.id],
      );
      const res = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(1_000)] },
      }).expect(422);
      expect(res.body.detail).toBe(
        'The JP side’s settlement is confirmed; its budget can no longer move',
      );
      // The other side still may.
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: {
          moves: [
            {
              side: 'US',
              currency: 'USD',
              fromCategory: 'travel',
              toCategory: 'meals',
              amountMinor: 1_000,
            },
          ],
        },
      }).expect(201);
    });
  });

  describe('one open request, states and who may act', () => {
    it('a second request while one is open is a 409; a recorded move may still be made', async () => {
      const { awardId, jp, us } = await awardForAmendments(ctx);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'scope',
        changes: { scope: { en: 'Wider exchange' } },
      }).expect(201);
      const before = await amendmentState(ctx, awardId);
      const second = await requestAmendment(ctx, awardId, us.auth, {
        kind: 'dates',
        changes: { startsOn: '2027-05-01' },
      }).expect(409);
      expect(second.body).toMatchObject({ code: 'invalid_state' });
      expect(second.body.detail).toMatch(/already has an amendment request waiting/);
      expect(await amendmentState(ctx, awardId)).toEqual(before);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(1_000)] },
      })
        .expect(201)
        .expect((res) => expect(res.body.status).toBe('recorded'));
    });

    it('of two requests at the same time, one waits and the other is a 409', async () => {
      const { awardId, jp, us } = await awardForAmendments(ctx);
      const results = await Promise.all(
        [jp.auth, us.auth].map((auth) =>
          requestAmendment(ctx, awardId, auth, {
            kind: 'budget_move',
            changes: { moves: [jpMove(500_000)] },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await amendmentState(ctx, awardId)).amendments).toHaveLength(1);
    });

    it('only the program office decides; only the cities request and withdraw', async () => {
      const { awardId, jp, us, officer } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(500_000)] },
      }).expect(201);
      const id = requested.body.id as string;
      const before = await amendmentState(ctx, awardId);
      await actOnAmendment(ctx, id, 'approve', jp.auth).expect(403);
      await actOnAmendment(ctx, id, 'approve', finance).expect(403);
      await actOnAmendment(ctx, id, 'decline', us.auth, { note: 'x' }).expect(403);
      await actOnAmendment(ctx, id, 'withdraw', officer).expect(403);
      await requestAmendment(ctx, awardId, officer, {
        kind: 'scope',
        changes: { scope: { en: 'x' } },
      }).expect(403);
      await actOnAmendment(ctx, id, 'approve', officer).set('If-Match', '"7"').expect(412);
      expect(await amendmentState(ctx, awardId)).toEqual(before);

      // Withdrawn by the partner city, then no decision is possible.
      const withdrawn = await actOnAmendment(ctx, id, 'withdraw', us.auth).expect(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      await actOnAmendment(ctx, id, 'approve', officer).expect(409);
      await actOnAmendment(ctx, id, 'withdraw', us.auth).expect(409);
      const after = await amendmentState(ctx, awardId);
      expect(after.currentVersion).toBe(1);
      expect(after.versions).toHaveLength(1);
      expect(await auditActions(ctx, id)).toEqual(['amendment.requested', 'amendment.withdrawn']);
    });

    it('another city’s award and amendments are not found (404)', async () => {
      const { awardId, jp } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(500_000)] },
      }).expect(201);
      const other = await createPartnership(ctx);
      const stranger = (await bearer(ctx, { role: 'city_user', cityId: other.jpCityId })).auth;
      await requestAmendment(ctx, awardId, stranger, {
        kind: 'scope',
        changes: { scope: { en: 'x' } },
      }).expect(404);
      await get(`/awards/${awardId}/amendments`, stranger).expect(404);
      await get(`/awards/${awardId}/versions`, stranger).expect(404);
      await get(`/awards/${awardId}/versions/1`, stranger).expect(404);
      await get(`/amendments/${requested.body.id}`, stranger).expect(404);
      await actOnAmendment(ctx, requested.body.id, 'withdraw', stranger).expect(404);
      await get(`/amendments/${randomUUID()}`, auditor).expect(404);
      await get(`/amendments/not-a-uuid`, auditor).expect(400);
      await get(`/awards/${awardId}/versions/0`, auditor).expect(400);
      expect((await amendmentState(ctx, awardId)).amendments).toEqual([
        expect.objectContaining({ status: 'requested' }),
      ]);
    });

    it('an award that is not active takes no amendment and no approval (409)', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'scope',
        changes: { scope: { en: 'Wider', ja: '拡大' } },
      }).expect(201);
      await ctx.db.query(`UPDATE awards SET status = 'cancelled' WHERE id = $1`, [awardId]);
      const before = await amendmentState(ctx, awardId);
      const res = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(1_000)] },
      }).expect(409);
      expect(res.body.detail).toBe('The award is cancelled; it takes no amendment');
      await actOnAmendment(ctx, requested.body.id, 'approve', officer).expect(409);
      expect(await amendmentState(ctx, awardId)).toEqual(before);
      // Declining what can no longer happen is still possible.
      await actOnAmendment(ctx, requested.body.id, 'decline', officer, {
        note: 'The grant is cancelled',
      }).expect(200);
    });

    it('an approval the award moved on from since the request is refused (422)', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(900_000)] },
      }).expect(201);
      // A small move recorded meanwhile leaves ¥800,000 in venue.
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(200_000, 'venue', 'travel')] },
      })
        .expect(201)
        .expect((res) => expect(res.body.status).toBe('recorded'));
      const before = await amendmentState(ctx, awardId);
      const res = await actOnAmendment(ctx, requested.body.id, 'approve', officer).expect(422);
      expect(res.body.detail).toBe(
        'The award moved on from version 1 to 2 since the request, which no longer holds: ' +
          'The JP side’s category venue has JPY 800,000, less than the JPY 900,000 to move',
      );
      expect(await amendmentState(ctx, awardId)).toEqual(before);
      const ja = await actOnAmendment(ctx, requested.body.id, 'approve', officer)
        .set('Accept-Language', 'ja')
        .expect(422);
      expect(ja.body.detail).toMatch(/交付決定/);
    });

    it('an approval still valid after the award moved on applies to the current terms', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(300_000)] },
      }).expect(201);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'budget_move',
        changes: { moves: [jpMove(100_000, 'venue', 'travel')] },
      }).expect(201);
      await actOnAmendment(ctx, requested.body.id, 'approve', officer)
        .expect(200)
        .expect((res) => expect(res.body.resultingVersion).toBe(3));
      const v3 = await get(`/awards/${awardId}/versions/3`, officer).expect(200);
      expect(v3.body.budgetLines.filter((l: { side: string }) => l.side === 'JP')).toEqual([
        { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 600_000 },
        { side: 'JP', category: 'travel', currency: 'JPY', amountMinor: 100_000 },
        { side: 'JP', category: 'printing', currency: 'JPY', amountMinor: 300_000 },
      ]);
    });
  });

  describe('extensions, dates and scope', () => {
    it('an extension moves the end date, the final report’s due date and the reports’ dueOn', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const report = await request(ctx.http)
        .post(`/api/v1/awards/${awardId}/reports`)
        .set('Authorization', jp.auth)
        .send({ kind: 'final', side: 'JP', narrative: { en: 'Draft' } })
        .expect(201);
      expect(report.body.dueOn).toBe('2027-12-31');
      // As if the overdue job had found it late.
      await ctx.db.query('UPDATE grantee_reports SET overdue_at = now() WHERE id = $1', [
        report.body.id,
      ]);

      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'no_cost_extension',
        changes: { endsOn: '2027-09-30' },
      }).expect(422);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'no_cost_extension',
        changes: { endsOn: '2027-12-31' },
      }).expect(201);
      expect(requested.body.status).toBe('requested');
      await actOnAmendment(ctx, requested.body.id, 'approve', officer).expect(200);

      const v2 = await get(`/awards/${awardId}/versions/2`, jp.auth).expect(200);
      // The end moves 92 days; the final report, due after the old end, moves as much.
      expect(v2.body).toMatchObject({
        endsOn: '2027-12-31',
        reportsRequired: [{ kind: 'final', dueOn: '2028-04-01' }],
      });
      const moved = await get(`/reports/${report.body.id}`, jp.auth).expect(200);
      expect(moved.body.dueOn).toBe('2028-04-01');
      const [row] = (await ctx.db.query('SELECT overdue_at FROM grantee_reports WHERE id = $1', [
        report.body.id,
      ])) as { overdue_at: Date | null }[];
      expect(row.overdue_at).toBeNull();
      const events = (await ctx.db.query(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'amendment.approved'`,
        [requested.body.id],
      )) as { data: { movedReports: { reportId: string; from: string; to: string }[] } }[];
      expect(events[0].data.movedReports).toEqual([
        expect.objectContaining({ reportId: report.body.id, from: '2027-12-31', to: '2028-04-01' }),
      ]);
    });

    it('an extension may set the due dates, not in the past; accepted reports keep theirs', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'no_cost_extension',
        changes: { endsOn: '2027-12-31', reportsRequired: [{ kind: 'final', dueOn: day(-1) }] },
      }).expect(422);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'no_cost_extension',
        changes: { endsOn: '2027-12-31', reportsRequired: [{ kind: 'interim', dueOn: day(30) }] },
      }).expect(422);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'no_cost_extension',
        changes: {
          endsOn: '2027-12-31',
          reportsRequired: [{ kind: 'final', dueOn: '2028-02-15' }],
        },
      }).expect(201);
      await actOnAmendment(ctx, requested.body.id, 'approve', officer).expect(200);
      const report = await request(ctx.http)
        .post(`/api/v1/awards/${awardId}/reports`)
        .set('Authorization', jp.auth)
        .send({ kind: 'final', side: 'joint', narrative: { en: 'Draft' } })
        .expect(201);
      expect(report.body.dueOn).toBe('2028-02-15');
    });

    it('reminders follow the due dates of the version in force', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      const dueOn = day(5);
      const requested = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'no_cost_extension',
        changes: { endsOn: '2027-12-31', reportsRequired: [{ kind: 'final', dueOn }] },
      }).expect(201);
      await actOnAmendment(ctx, requested.body.id, 'approve', officer).expect(200);
      await ctx.worker!.get(ReportReminders).run();
      const reminders = await ctx.db.query(
        `SELECT kind, side, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", reminder_type AS type
           FROM report_reminders WHERE award_id = $1 ORDER BY side`,
        [awardId],
      );
      // The round's date (2027-12-31) is months away: only the amended one is due within 7 days.
      expect(reminders).toEqual([
        { kind: 'final', side: 'JP', dueOn, type: 'due' },
        { kind: 'final', side: 'US', dueOn, type: 'due' },
      ]);
    });

    it('dates and scope need approval and make a version when approved', async () => {
      const { awardId, jp, officer } = await awardForAmendments(ctx);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'dates',
        changes: { startsOn: '2027-10-01' },
      }).expect(422);
      await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'dates',
        changes: { startsOn: '2027-02-30' },
      }).expect(400);
      const dates = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'dates',
        changes: { startsOn: '2027-05-01', endsOn: '2027-10-31' },
      }).expect(201);
      expect(dates.body.status).toBe('requested');
      await actOnAmendment(ctx, dates.body.id, 'approve', officer).expect(200);
      const scope = await requestAmendment(ctx, awardId, jp.auth, {
        kind: 'scope',
        changes: { scope: { en: 'Two exchanges', ja: '二回の交流' } },
      }).expect(201);
      expect(scope.body.status).toBe('requested');
      await actOnAmendment(ctx, scope.body.id, 'approve', officer).expect(200);
      const versions = await get(`/awards/${awardId}/versions`, jp.auth).expect(200);
      expect(
        versions.body.data.map((v: { startsOn: string; endsOn: string; scope: object }) => [
          v.startsOn,
          v.endsOn,
          v.scope,
        ]),
      ).toEqual([
        ['2027-04-01', '2027-09-30', { en: 'Student exchange', ja: '学生交流' }],
        ['2027-05-01', '2027-10-31', { en: 'Student exchange', ja: '学生交流' }],
        ['2027-05-01', '2027-10-31', { en: 'Two exchanges', ja: '二回の交流' }],
      ]);
      const list = await get(`/awards/${awardId}/amendments?limit=1`, jp.auth).expect(200);
      expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([scope.body.id]);
      const next = await get(
        `/awards/${awardId}/amendments?limit=1&cursor=${list.body.nextCursor}`,
        jp.auth,
      ).expect(200);
      expect(next.body.data.map((a: { id: string }) => a.id)).toEqual([dates.body.id]);
    });
  });
});
