import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AwardAmendment } from '../src/amendments/award-amendment.entity';
import { Award } from '../src/awards/award.entity';
import { Disbursement } from '../src/awards/disbursement.entity';
import type { City } from '../src/partnerships/city.entity';
import type { Partnership } from '../src/partnerships/partnership.entity';
import type { PayeeAccount } from '../src/payees/payee-account.entity';
import { Refund } from '../src/settlements/refund.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, eventually, TestContext } from './support/app';
import {
  bearer,
  createApprovedAward,
  createCity,
  createPartnership,
  createPayeeAccount,
  createUser,
} from './support/factories';
import { auditOf, insertRefund, outboxOf, roundBudget } from './support/refunds';

const today = () => new Date().toISOString().slice(0, 10);

interface Party {
  user: User;
  auth: string;
}

/**
 * Payout holds and award cancellation (issue 17): a city with a refund due or an overdue report
 * on any grant has its payouts held — requests and approvals refused with the reason, the reason
 * shown on the city and on every disbursement — and an award cancelled stops what is unpaid,
 * gives its budget back and, when asked, asks back what was paid.
 */
describe('payout holds and award cancellation', () => {
  let ctx: TestContext;
  let officer: Party;
  let finance: Party;
  let finance2: Party;
  let approver: Party;
  let auditor: string;

  beforeAll(async () => {
    // One approval per request at these amounts: the holds are the subject here.
    ctx = await createTestApp({
      worker: true,
      env: {
        PAYOUT_DUAL_APPROVAL_USD_MINOR: '100000000',
        PAYOUT_DUAL_APPROVAL_JPY_MINOR: '100000000',
      },
    });
    officer = await bearer(ctx, { role: 'program_officer' });
    finance = await bearer(ctx, { role: 'finance_officer' });
    finance2 = await bearer(ctx, { role: 'finance_officer' });
    approver = await bearer(ctx, { role: 'finance_approver' });
    auditor = (await bearer(ctx, { role: 'auditor' })).auth;
  });
  afterAll(() => ctx.close());

  interface Grant {
    awardId: string;
    roundId: string;
    partnership: Partnership;
    jp: City;
    us: City;
    tranche: (side: 'JP' | 'US', key: 'first' | 'final') => Promise<Disbursement>;
    /** The tranches' ids, by side and key. */
    ids: Record<'JP' | 'US', Record<'first' | 'final', string>>;
    accounts: { JP: PayeeAccount; US: PayeeAccount };
    jpUser: string;
    usUser: string;
  }

  /**
   * An approved award (JP ¥800,000 and US $4,500.50, each half on award and half on the final
   * report), verified accounts for both cities and a user of each city.
   */
  async function grant(jp?: City): Promise<Grant> {
    const jpCity =
      jp ??
      (await createCity(ctx, { country: 'JP', nameEn: `Nagasaki ${randomUUID().slice(0, 4)}` }));
    const usCity = await createCity(ctx, {
      country: 'US',
      nameEn: `St. Paul ${randomUUID().slice(0, 4)}`,
    });
    const partnership = await createPartnership(ctx, jpCity, usCity);
    const { awardId, round } = await createApprovedAward(ctx, {
      partnership,
      officer: officer.user,
    });
    const people = { enteredBy: finance2.user.id, verifiedBy: finance.user.id };
    const tranches = await ctx.db.getRepository(Disbursement).findBy({ awardId });
    const idOf = (side: 'JP' | 'US', key: string) =>
      tranches.find((d) => d.side === side && d.trancheKey === key)!.id;
    return {
      awardId,
      roundId: round.id,
      partnership,
      jp: jpCity,
      us: usCity,
      tranche: (side, key) =>
        ctx.db.getRepository(Disbursement).findOneByOrFail({ awardId, side, trancheKey: key }),
      ids: {
        JP: { first: idOf('JP', 'first'), final: idOf('JP', 'final') },
        US: { first: idOf('US', 'first'), final: idOf('US', 'final') },
      },
      accounts: {
        JP: await createPayeeAccount(ctx, jpCity.id, 'zengin', people),
        US: await createPayeeAccount(ctx, usCity.id, 'ach', people),
      },
      jpUser: (await bearer(ctx, { role: 'city_user', cityId: jpCity.id })).auth,
      usUser: (await bearer(ctx, { role: 'city_user', cityId: usCity.id })).auth,
    };
  }

  const post = (path: string, auth: string, body: object = {}) =>
    request(ctx.http).post(`/api/v1${path}`).set('Authorization', auth).send(body);
  const get = (path: string, auth: string) =>
    request(ctx.http).get(`/api/v1${path}`).set('Authorization', auth);
  const requestPayout = (g: Grant, side: 'JP' | 'US', key: 'first' | 'final' = 'first') =>
    post(`/disbursements/${g.ids[side][key]}/request`, finance.auth, {
      payeeAccountId: g.accounts[side].id,
    });
  const holdsOf = async (cityId: string, auth = finance.auth) =>
    (await get(`/cities/${cityId}/holds`, auth).expect(200)).body as {
      cityId: string;
      held: boolean;
      reasons: Record<string, unknown>[];
    };
  const refundFrom = (g: Grant, awardId: string, amountMinor = 100_000) =>
    insertRefund(ctx, {
      awardId,
      cityId: g.jp.id,
      side: 'JP',
      currency: 'JPY',
      amountMinor,
      createdBy: officer.user.id,
      dueOn: '2026-11-01',
    });
  /** Requires an interim report due in the past (as the award's terms and the round say). */
  async function interimDueInThePast(g: Grant, dueOn = '2026-11-30') {
    const required = JSON.stringify([
      { kind: 'interim', dueOn },
      { kind: 'final', dueOn: '2027-12-31' },
    ]);
    await ctx.db.query('UPDATE rounds SET reports_required = $2 WHERE id = $1', [
      g.roundId,
      required,
    ]);
    await ctx.db.query('UPDATE award_versions SET reports_required = $2 WHERE award_id = $1', [
      g.awardId,
      required,
    ]);
  }

  describe('holds', () => {
    it('holds a city with a refund due on any grant (422 naming it); its partner is not held; receiving it lifts the hold', async () => {
      const g = await grant();
      // The refund is owed on another grant of the same Japanese city.
      const earlier = await grant(g.jp);
      const refund = await refundFrom(g, earlier.awardId);

      const held = await holdsOf(g.jp.id);
      expect(held).toEqual({
        cityId: g.jp.id,
        held: true,
        reasons: [
          {
            code: 'refund_due',
            awardId: earlier.awardId,
            side: 'JP',
            refundId: refund.id,
            outstandingMinor: 100_000,
            currency: 'JPY',
            dueOn: '2026-11-01',
            detail: 'refund of JPY 100,000 due since 2026-11-01',
          },
        ],
      });
      expect(await holdsOf(g.us.id)).toEqual({ cityId: g.us.id, held: false, reasons: [] });

      // The disbursements show it, side by side.
      const page = await get(`/disbursements?awardId=${g.awardId}`, finance.auth).expect(200);
      for (const d of page.body.data as {
        side: string;
        hold: { held: boolean; reasons: { refundId?: string }[] };
      }[]) {
        expect(d.hold.held).toBe(d.side === 'JP');
        if (d.side === 'JP') expect(d.hold.reasons[0].refundId).toBe(refund.id);
      }
      const one = await get(
        `/disbursements/${(await g.tranche('JP', 'first')).id}`,
        g.jpUser,
      ).expect(200);
      expect(one.body.hold).toMatchObject({ held: true, reasons: [{ code: 'refund_due' }] });

      const jpFirst = await g.tranche('JP', 'first');
      const refused = await requestPayout(g, 'JP').expect(422);
      expect(refused.body).toMatchObject({
        code: 'rule_violation',
        detail: `Payouts to ${g.jp.nameEn} are held: refund of JPY 100,000 due since 2026-11-01`,
      });
      const ja = await requestPayout(g, 'JP').set('Accept-Language', 'ja').expect(422);
      expect(ja.body.detail).toBe(
        `${g.jp.nameEn}への支払は保留中です：返還 JPY 100,000（期限 2026-11-01）が未了です`,
      );
      // Refused: nothing changed, nothing recorded.
      expect(await g.tranche('JP', 'first')).toMatchObject({
        status: 'scheduled',
        requestSeq: 0,
        version: jpFirst.version,
      });
      expect(await auditOf(ctx, jpFirst.id)).toEqual([]);

      // The partner city is paid as usual.
      const us = await requestPayout(g, 'US').expect(200);
      expect(us.body).toMatchObject({
        status: 'pending_approval',
        hold: { held: false, reasons: [] },
      });

      await post(`/refunds/${refund.id}/receive`, finance.auth, {
        amountMinor: 100_000,
        receivedOn: today(),
        bankReference: 'WIRE-BACK',
      }).expect(200);
      expect((await holdsOf(g.jp.id)).held).toBe(false);
      const now = await requestPayout(g, 'JP').expect(200);
      expect(now.body).toMatchObject({ status: 'pending_approval', hold: { held: false } });
    });

    it('holds while a part of the refund is still outstanding', async () => {
      const g = await grant();
      const refund = await refundFrom(g, g.awardId, 50_000);
      await post(`/refunds/${refund.id}/receive`, finance.auth, {
        amountMinor: 49_999,
        receivedOn: today(),
        bankReference: 'PART',
      }).expect(200);
      const held = await holdsOf(g.jp.id);
      expect(held.reasons).toEqual([
        expect.objectContaining({ code: 'refund_due', outstandingMinor: 1 }),
      ]);
      expect((await requestPayout(g, 'JP').expect(422)).body.detail).toContain(
        'refund of JPY 1 due since 2026-11-01',
      );
    });

    it('refuses the approval too while held, and approves once the refund is waived', async () => {
      const g = await grant();
      const requested = await requestPayout(g, 'JP').expect(200);
      const refund = await refundFrom(g, g.awardId);
      const id = requested.body.id as string;
      const res = await post(`/disbursements/${id}/approve`, approver.auth).expect(422);
      expect(res.body.detail).toBe(
        `Payouts to ${g.jp.nameEn} are held: refund of JPY 100,000 due since 2026-11-01`,
      );
      expect(await ctx.db.getRepository(Disbursement).findOneByOrFail({ id })).toMatchObject({
        status: 'pending_approval',
      });
      expect(
        await ctx.db.query('SELECT 1 FROM disbursement_approvals WHERE disbursement_id = $1', [id]),
      ).toEqual([]);
      expect(await auditOf(ctx, id, 'disbursement.approved')).toEqual([]);

      await post(`/refunds/${refund.id}/cancel`, officer.auth, { reason: 'Waived' }).expect(200);
      const approved = await post(`/disbursements/${id}/approve`, approver.auth).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', hold: { held: false } });
    });

    it('keeps a payout approved before the hold out of payment runs until the hold lifts', async () => {
      const g = await grant();
      const { id } = (await requestPayout(g, 'JP').expect(200)).body as { id: string };
      await post(`/disbursements/${id}/approve`, approver.auth).expect(200);
      const refund = await refundFrom(g, g.awardId);
      const run = async () => {
        const accepted = await post('/payment-runs', finance.auth, {
          rail: 'zengin',
          executionDate: today(),
        }).expect(202);
        return eventually(
          async () => {
            const res = await get(`/payment-runs/${accepted.body.id}`, finance.auth).expect(200);
            return res.body.status === 'completed' && (res.body as { id: string });
          },
          15_000,
          'the payment run',
        );
      };
      const payout = () => ctx.db.getRepository(Disbursement).findOneByOrFail({ id });

      await run();
      expect(await payout()).toMatchObject({ status: 'approved', paymentRunId: null });
      const shown = await get(`/disbursements/${id}`, finance.auth).expect(200);
      expect(shown.body.hold).toMatchObject({ held: true });

      await post(`/refunds/${refund.id}/receive`, finance.auth, {
        amountMinor: 100_000,
        receivedOn: today(),
        bankReference: 'WIRE-BACK',
      }).expect(200);
      const second = await run();
      expect(await payout()).toMatchObject({ status: 'sent', paymentRunId: second.id });
    });

    it('holds both cities while a required report is overdue, each until its side has reported', async () => {
      const g = await grant();
      await interimDueInThePast(g);
      for (const city of [g.jp, g.us]) {
        expect((await holdsOf(city.id)).reasons).toEqual([
          {
            code: 'report_overdue',
            awardId: g.awardId,
            side: city.id === g.jp.id ? 'JP' : 'US',
            reportKind: 'interim',
            dueOn: '2026-11-30',
            detail: 'the interim report due 2026-11-30 is overdue',
          },
        ]);
      }
      // The JP city starts its report late; the overdue job marks it.
      const draft = await post(`/awards/${g.awardId}/reports`, g.jpUser, {
        kind: 'interim',
        side: 'JP',
        narrative: { en: 'Late, but coming' },
      }).expect(201);
      await ctx.db.query('UPDATE grantee_reports SET overdue_at = now() WHERE id = $1', [
        draft.body.id,
      ]);
      expect((await holdsOf(g.jp.id, g.jpUser)).reasons).toEqual([
        expect.objectContaining({ code: 'report_overdue', reportId: draft.body.id }),
      ]);
      const refused = await requestPayout(g, 'JP').expect(422);
      expect(refused.body.detail).toBe(
        `Payouts to ${g.jp.nameEn} are held: the interim report due 2026-11-30 is overdue`,
      );
      const ja = await requestPayout(g, 'JP').set('Accept-Language', 'ja').expect(422);
      expect(ja.body.detail).toBe(
        `${g.jp.nameEn}への支払は保留中です：中間報告（期限 2026-11-30）が提出されていません`,
      );

      // Submitted: the JP city is paid again; its own report does not answer for the US side.
      await post(`/reports/${draft.body.id}/submit`, g.jpUser).expect(200);
      expect((await holdsOf(g.jp.id)).held).toBe(false);
      await requestPayout(g, 'JP').expect(200);
      expect((await holdsOf(g.us.id)).held).toBe(true);
      await requestPayout(g, 'US').expect(422);
      const usReport = await post(`/awards/${g.awardId}/reports`, g.usUser, {
        kind: 'interim',
        side: 'US',
        narrative: { en: 'Ours' },
      }).expect(201);
      await post(`/reports/${usReport.body.id}/submit`, g.usUser).expect(200);
      expect((await holdsOf(g.us.id)).held).toBe(false);
    });

    it('shows a city’s holds to staff and its own users; another city’s is 404, a reviewer 403', async () => {
      const g = await grant();
      await refundFrom(g, g.awardId);
      for (const auth of [finance.auth, approver.auth, officer.auth, auditor, g.jpUser]) {
        expect((await holdsOf(g.jp.id, auth)).held).toBe(true);
      }
      expect((await get(`/cities/${g.jp.id}/holds`, g.usUser).expect(404)).body.code).toBe(
        'not_found',
      );
      await get(`/cities/${randomUUID()}/holds`, finance.auth).expect(404);
      await get('/cities/not-a-uuid/holds', finance.auth).expect(400);
      const reviewer = await bearer(ctx, { role: 'reviewer', country: 'US' });
      await get(`/cities/${g.jp.id}/holds`, reviewer.auth).expect(403);
    });
  });

  describe('award cancellation', () => {
    const cancel = (awardId: string, body: object, auth = officer.auth) =>
      post(`/awards/${awardId}/cancel`, auth, body);

    it('cancels the unpaid tranches, releases their budget, asks back what was paid, declines open amendments', async () => {
      const g = await grant();
      const jpFirst = await g.tranche('JP', 'first');
      // The JP advance was paid; the US advance is approved, waiting for a payment run.
      await ctx.db.query(
        `UPDATE disbursements SET status = 'paid', bank_reference = 'ZENGIN-1' WHERE id = $1`,
        [jpFirst.id],
      );
      const usFirst = await requestPayout(g, 'US').expect(200);
      await post(`/disbursements/${usFirst.body.id}/approve`, approver.auth).expect(200);
      const amendmentId = randomUUID();
      await ctx.db.getRepository(AwardAmendment).insert({
        id: amendmentId,
        awardId: g.awardId,
        kind: 'no_cost_extension',
        status: 'requested',
        changes: { endsOn: '2027-12-31' },
        reason: { en: 'More time' },
        baseVersion: 1,
        requestedBy: (await createUser(ctx, { role: 'city_user', cityId: g.jp.id })).id,
      });
      expect(await roundBudget(ctx, g.roundId, 'JPY')).toMatchObject({ committedMinor: 800_000 });
      expect(await roundBudget(ctx, g.roundId, 'USD')).toMatchObject({ committedMinor: 450_050 });

      const res = await cancel(g.awardId, {
        reason: 'The exchange was called off',
        recoverPaid: true,
      }).expect(200);
      const ids = async (side: 'JP' | 'US', key: 'first' | 'final') =>
        (await g.tranche(side, key)).id;
      expect(res.body).toMatchObject({
        awardId: g.awardId,
        status: 'cancelled',
        cancelReason: 'The exchange was called off',
        cancelledBy: officer.user.id,
        releasedBudget: [
          { currency: 'JPY', amountMinor: 400_000 },
          { currency: 'USD', amountMinor: 450_050 },
        ],
        refunds: [
          {
            side: 'JP',
            currency: 'JPY',
            amountMinor: 400_000,
            receivedMinor: 0,
            status: 'due',
            cityId: g.jp.id,
            settlementId: null,
          },
        ],
        declinedAmendmentIds: [amendmentId],
      });
      expect(res.body.cancelledDisbursements.map((d: { id: string }) => d.id).sort()).toEqual(
        [await ids('JP', 'final'), await ids('US', 'first'), await ids('US', 'final')].sort(),
      );

      // In the database: the award, its tranches, the budget, the amendment.
      expect(await ctx.db.getRepository(Award).findOneByOrFail({ id: g.awardId })).toMatchObject({
        status: 'cancelled',
        cancelReason: 'The exchange was called off',
        cancelledBy: officer.user.id,
        cancelledAt: expect.any(Date),
      });
      const statuses = await ctx.db.query(
        'SELECT side, tranche_key, status, cancel_reason FROM disbursements WHERE award_id = $1 ORDER BY side, tranche_index',
        [g.awardId],
      );
      expect(statuses).toEqual([
        { side: 'JP', tranche_key: 'first', status: 'paid', cancel_reason: null },
        {
          side: 'JP',
          tranche_key: 'final',
          status: 'cancelled',
          cancel_reason: 'The exchange was called off',
        },
        {
          side: 'US',
          tranche_key: 'first',
          status: 'cancelled',
          cancel_reason: 'The exchange was called off',
        },
        {
          side: 'US',
          tranche_key: 'final',
          status: 'cancelled',
          cancel_reason: 'The exchange was called off',
        },
      ]);
      expect(await roundBudget(ctx, g.roundId, 'JPY')).toMatchObject({ committedMinor: 400_000 });
      expect(await roundBudget(ctx, g.roundId, 'USD')).toMatchObject({ committedMinor: 0 });
      expect(
        await ctx.db.getRepository(AwardAmendment).findOneByOrFail({ id: amendmentId }),
      ).toMatchObject({
        status: 'declined',
        decisionNote: 'award cancelled',
        decidedBy: officer.user.id,
      });
      const award = await get(`/awards/${g.awardId}`, g.jpUser).expect(200);
      expect(award.body.status).toBe('cancelled');

      // Audited: the award, each tranche, the refund, the amendment.
      const [event] = await auditOf(ctx, g.awardId, 'award.cancelled');
      expect(event).toMatchObject({
        actor_id: officer.user.id,
        data: expect.objectContaining({ reason: 'The exchange was called off', recoverPaid: true }),
      });
      for (const id of [
        await ids('JP', 'final'),
        await ids('US', 'first'),
        await ids('US', 'final'),
      ]) {
        const [cancelled] = await auditOf(ctx, id, 'disbursement.cancelled');
        expect(cancelled.data).toMatchObject({ awardCancelled: true, status: 'cancelled' });
      }
      const refundId = res.body.refunds[0].id as string;
      expect(await auditOf(ctx, refundId, 'refund.due')).toHaveLength(1);
      const [published] = await outboxOf(ctx, g.awardId, 'award.cancelled');
      expect(published.payload).toMatchObject({
        awardId: g.awardId,
        reason: 'The exchange was called off',
        refunds: [expect.objectContaining({ refundId })],
      });
      expect(await auditOf(ctx, amendmentId, 'amendment.declined')).toHaveLength(1);

      // The JP city owes the advance back: held until it is received, then the budget has it back.
      expect((await holdsOf(g.jp.id)).reasons).toEqual([
        expect.objectContaining({ code: 'refund_due', refundId }),
      ]);
      await post(`/refunds/${refundId}/receive`, finance.auth, {
        amountMinor: 400_000,
        receivedOn: today(),
        bankReference: 'WIRE-BACK',
      }).expect(200);
      expect(await roundBudget(ctx, g.roundId, 'JPY')).toMatchObject({ committedMinor: 0 });
      expect((await holdsOf(g.jp.id)).held).toBe(false);

      // Once cancelled, always cancelled.
      const again = await cancel(g.awardId, { reason: 'again' }).expect(409);
      expect(again.body.detail).toBe('A cancelled award cannot be cancelled (allowed from active)');
      expect(await auditOf(ctx, g.awardId, 'award.cancelled')).toHaveLength(1);
    });

    it('asks nothing back without recoverPaid; an overdue report of a cancelled award holds no more', async () => {
      const g = await grant();
      await interimDueInThePast(g);
      expect((await holdsOf(g.jp.id)).held).toBe(true);
      const res = await cancel(g.awardId, { reason: 'Withdrawn by both cities' }).expect(200);
      expect(res.body).toMatchObject({
        refunds: [],
        releasedBudget: [
          { currency: 'JPY', amountMinor: 800_000 },
          { currency: 'USD', amountMinor: 450_050 },
        ],
      });
      expect(res.body.cancelledDisbursements).toHaveLength(4);
      expect(await ctx.db.getRepository(Refund).countBy({ awardId: g.awardId })).toBe(0);
      expect(await roundBudget(ctx, g.roundId, 'JPY')).toMatchObject({ committedMinor: 0 });
      expect(await roundBudget(ctx, g.roundId, 'USD')).toMatchObject({ committedMinor: 0 });
      expect((await holdsOf(g.jp.id)).held).toBe(false);
      expect((await holdsOf(g.us.id)).held).toBe(false);
    });

    it('refuses while a payout is sent (its outcome unknown), changing nothing', async () => {
      const g = await grant();
      const usFirst = await g.tranche('US', 'first');
      await ctx.db.query(`UPDATE disbursements SET status = 'sent' WHERE id = $1`, [usFirst.id]);
      const res = await cancel(g.awardId, { reason: 'x', recoverPaid: true }).expect(409);
      expect(res.body).toMatchObject({
        code: 'invalid_state',
        detail:
          'A payout of this award is sent and its outcome is not known yet (US first); settle it first',
      });
      expect((await ctx.db.getRepository(Award).findOneByOrFail({ id: g.awardId })).status).toBe(
        'active',
      );
      const statuses = (await ctx.db.query(
        'SELECT status FROM disbursements WHERE award_id = $1 ORDER BY side, tranche_index',
        [g.awardId],
      )) as { status: string }[];
      expect(statuses.map((s) => s.status)).toEqual(['scheduled', 'on_hold', 'sent', 'on_hold']);
      expect(await roundBudget(ctx, g.roundId, 'JPY')).toMatchObject({ committedMinor: 800_000 });
      expect(await auditOf(ctx, g.awardId, 'award.cancelled')).toEqual([]);
      const jpFirst = await g.tranche('JP', 'first');
      expect(await auditOf(ctx, jpFirst.id, 'disbursement.cancelled')).toEqual([]);
    });

    it('is the program office’s alone (403), for an award that exists (404), with a reason (400)', async () => {
      const g = await grant();
      for (const auth of [g.jpUser, finance.auth, approver.auth, auditor]) {
        expect((await cancel(g.awardId, { reason: 'x' }, auth).expect(403)).body.code).toBe(
          'forbidden',
        );
      }
      const admin = await bearer(ctx, { role: 'admin' });
      await cancel(g.awardId, { reason: 'x' }, admin.auth).expect(403);
      await cancel(randomUUID(), { reason: 'x' }).expect(404);
      await cancel('nope', { reason: 'x' }).expect(400);
      for (const body of [
        {},
        { reason: '' },
        { reason: 'x'.repeat(1001) },
        { reason: 'x', recoverPaid: 'yes' },
        { reason: 'x', extra: true },
      ]) {
        expect((await cancel(g.awardId, body).expect(400)).body.code).toBe('validation_failed');
      }
      expect((await ctx.db.getRepository(Award).findOneByOrFail({ id: g.awardId })).status).toBe(
        'active',
      );
      expect(await auditOf(ctx, g.awardId, 'award.cancelled')).toEqual([]);
    });
  });
});
