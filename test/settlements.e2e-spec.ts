import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { User } from '../src/users/user.entity';
import { createTestApp, eventually, TestContext } from './support/app';
import { bearer, createCity, createPayeeAccount, createUser, tokenFor } from './support/factories';
import { jpy, markPaid, settlingAward, usd } from './support/settlements';

const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Party {
  user: User;
  auth: string;
}

describe('settlement: 額の確定 → 精算払 or 返還 (issue 17)', () => {
  let ctx: TestContext;
  let officer: Party;
  let finance: Party;
  let finance2: Party;
  let approver: Party;
  let auditor: string;
  let reviewer: string;

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    officer = await bearer(ctx, { role: 'program_officer' });
    finance = await bearer(ctx, { role: 'finance_officer' });
    finance2 = await bearer(ctx, { role: 'finance_officer' });
    approver = await bearer(ctx, { role: 'finance_approver' });
    auditor = (await bearer(ctx, { role: 'auditor' })).auth;
    reviewer = (await bearer(ctx, { role: 'reviewer', country: 'US' })).auth;
  });
  afterAll(() => ctx.close());

  const api = (auth: string) => ({
    get: (url: string) => request(ctx.http).get(`/api/v1${url}`).set('Authorization', auth),
    post: (url: string, body: object = {}) =>
      request(ctx.http).post(`/api/v1${url}`).set('Authorization', auth).send(body),
    patch: (url: string, body: object) =>
      request(ctx.http).patch(`/api/v1${url}`).set('Authorization', auth).send(body),
  });
  const compute = (awardId: string, body: object, auth = officer.auth) =>
    api(auth).post(`/awards/${awardId}/settlements`, body);
  const confirm = (id: string, auth = officer.auth) => api(auth).post(`/settlements/${id}/confirm`);

  const disbursements = async (awardId: string, side: string) =>
    (await ctx.db.query(
      `SELECT id, tranche_key, tranche_index, status, amount_minor, cancel_reason, release_on
         FROM disbursements WHERE award_id = $1 AND side = $2 ORDER BY tranche_index`,
      [awardId, side],
    )) as {
      id: string;
      tranche_key: string;
      tranche_index: number;
      status: string;
      amount_minor: number;
      cancel_reason: string | null;
      release_on: string;
    }[];
  const budgetRows = (roundId: string) =>
    ctx.db.query(
      'SELECT currency, committed_minor FROM round_budgets WHERE round_id = $1 ORDER BY currency',
      [roundId],
    );
  const audit = async (entityId: string) =>
    (
      (await ctx.db.query(
        'SELECT action, data FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at',
        [entityId],
      )) as { action: string; data: Record<string, unknown> }[]
    ).map((e) => e.action);
  const budgetView = async (roundId: string) =>
    (await api(officer.auth).get(`/rounds/${roundId}/budget`).expect(200)).body.budgets as {
      currency: string;
    }[];
  /** Everything a refused confirm must leave as it was. */
  const snapshot = async (awardId: string, roundId: string) => ({
    settlements: await ctx.db.query(
      'SELECT id, status, version, confirmed_minor, balance_minor FROM settlements WHERE award_id = $1 ORDER BY side',
      [awardId],
    ),
    disbursements: await ctx.db.query(
      'SELECT id, status, version FROM disbursements WHERE award_id = $1 ORDER BY id',
      [awardId],
    ),
    refunds: await ctx.db.query('SELECT id FROM refunds WHERE award_id = $1', [awardId]),
    award: await ctx.db.query('SELECT status FROM awards WHERE id = $1', [awardId]),
    budgets: await budgetRows(roundId),
    events: await ctx.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'settlement.%' OR action LIKE 'refund.%'`,
    ),
  });

  /** Pays a scheduled disbursement over the API: request → approve → payment run → settle paid. */
  async function payOut(disbursementId: string, payeeAccountId: string, rail: 'zengin' | 'ach') {
    await api(finance.auth)
      .post(`/disbursements/${disbursementId}/request`, { payeeAccountId })
      .expect(200);
    await api(approver.auth).post(`/disbursements/${disbursementId}/approve`).expect(200);
    const run = await api(finance.auth)
      .post('/payment-runs', { rail, executionDate: utcDay(2) })
      .expect(202);
    await eventually(
      async () => {
        const res = await api(finance.auth).get(`/payment-runs/${run.body.id}`);
        return res.body.status === 'completed' ? res.body : null;
      },
      20_000,
      'the payment run to complete',
    );
    return api(finance.auth)
      .post(`/disbursements/${disbursementId}/settle`, {
        result: 'paid',
        bankReference: `ZG-${disbursementId.slice(0, 8)}`,
      })
      .expect(200);
  }

  it('settles both sides: a JPY balance paid through the payout flow, a USD excess due back, the award closed', async () => {
    const award = await settlingAward(ctx, officer.user, {
      rules: [{ currency: 'JPY', subsidyRateBp: 7_500, roundingUnitMinor: 1_000 }],
      expenses: [jpy('venue', 600_000), usd('travel', 150_000), jpy('venue', 100_500)],
    });
    // The first tranche of each side was paid earlier: ¥400,000 and $2,250.25.
    await markPaid(ctx, award.awardId, 'JP', 'first');
    await markPaid(ctx, award.awardId, 'US', 'first');
    expect(await budgetRows(award.roundId)).toEqual([
      { currency: 'JPY', committed_minor: 800_000 },
      { currency: 'USD', committed_minor: 450_050 },
    ]);

    // JP: 700,500 spent within the ¥800,000 budget × 75 % = 525,375 → ¥525,000.
    const draft = await compute(award.awardId, { side: 'JP' }).expect(201);
    expect(draft.body).toMatchObject({
      awardId: award.awardId,
      side: 'JP',
      currency: 'JPY',
      status: 'draft',
      reportId: award.reportId,
      awardVersion: 1,
      awardedMinor: 800_000,
      spentMinor: 700_500,
      eligibleMinor: 700_500,
      subsidyRateBp: 7_500,
      roundingUnitMinor: 1_000,
      capMinor: null,
      confirmedMinor: 525_000,
      paidMinor: 0,
      balanceMinor: 0,
      categories: [
        { category: 'venue', budgetMinor: 800_000, spentMinor: 700_500, eligibleMinor: 700_500 },
      ],
      excludedExpenses: [],
      balanceDisbursementId: null,
      refundId: null,
    });
    expect(draft.headers.etag).toBe(`"${draft.body.version}"`);
    const read = await api(auditor).get(`/settlements/${draft.body.id}`).expect(200);
    expect(read.body).toEqual(draft.body);
    expect(read.headers.etag).toBe(`"${draft.body.version}"`);
    expect(await audit(draft.body.id)).toEqual(['settlement.computed']);

    const jp = await confirm(draft.body.id)
      .set('If-Match', draft.headers.etag as string)
      .expect(200);
    expect(jp.body).toMatchObject({
      status: 'confirmed',
      confirmedBy: officer.user.id,
      confirmedMinor: 525_000,
      paidMinor: 400_000,
      balanceMinor: 125_000,
      refundId: null,
    });
    const jpRows = await disbursements(award.awardId, 'JP');
    expect(jpRows).toEqual([
      expect.objectContaining({ tranche_key: 'first', status: 'paid' }),
      expect.objectContaining({
        tranche_key: 'final',
        status: 'cancelled',
        cancel_reason: 'superseded by the settlement',
      }),
      {
        id: jp.body.balanceDisbursementId,
        tranche_key: 'settlement',
        tranche_index: 2,
        status: 'scheduled',
        amount_minor: 125_000,
        cancel_reason: null,
        release_on: 'final_report_accepted',
      },
    ]);
    expect(await audit(jpRows[1].id)).toContain('disbursement.cancelled');
    expect(await audit(jp.body.id)).toEqual(['settlement.computed', 'settlement.confirmed']);
    const [confirmedEvent] = (await ctx.db.query(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'settlement.confirmed'`,
      [jp.body.id],
    )) as { data: Record<string, unknown> }[];
    expect(confirmedEvent.data).toMatchObject({
      confirmedMinor: 525_000,
      paidMinor: 400_000,
      balanceMinor: 125_000,
      disbursementId: jp.body.balanceDisbursementId,
      refundId: null,
      releasedCommitmentMinor: 275_000,
    });
    // One side settled: the award stays active.
    expect(await ctx.db.query('SELECT status FROM awards WHERE id = $1', [award.awardId])).toEqual([
      { status: 'active' },
    ]);

    // The balance goes through the existing maker–checker and a Zengin payment run unchanged.
    const account = await createPayeeAccount(ctx, award.jpCityId, 'zengin', {
      enteredBy: finance2.user.id,
      verifiedBy: finance.user.id,
    });
    const settled = await payOut(jp.body.balanceDisbursementId, account.id, 'zengin');
    expect(settled.body).toMatchObject({ status: 'paid', amountMinor: 125_000 });

    // US: no rule for USD (100 %): $1,500.00 confirmed, $2,250.25 paid → $750.25 due back.
    const us = await compute(award.awardId, { side: 'US' }).expect(201);
    expect(us.body).toMatchObject({
      currency: 'USD',
      subsidyRateBp: 10_000,
      roundingUnitMinor: 1,
      confirmedMinor: 150_000,
    });
    const usConfirmed = await confirm(us.body.id).expect(200);
    expect(usConfirmed.body).toMatchObject({
      status: 'confirmed',
      confirmedMinor: 150_000,
      paidMinor: 225_025,
      balanceMinor: -75_025,
      balanceDisbursementId: null,
    });
    const refunds = await ctx.db.query(
      `SELECT id, settlement_id, city_id, side, currency, amount_minor, received_minor, status,
              to_char(due_on, 'YYYY-MM-DD') AS due_on, created_by
         FROM refunds WHERE award_id = $1`,
      [award.awardId],
    );
    expect(refunds).toEqual([
      {
        id: usConfirmed.body.refundId,
        settlement_id: us.body.id,
        city_id: award.usCityId,
        side: 'US',
        currency: 'USD',
        amount_minor: 75_025,
        received_minor: 0,
        status: 'due',
        due_on: utcDay(30),
        created_by: officer.user.id,
      },
    ]);
    expect(await audit(usConfirmed.body.refundId)).toEqual(['refund.due']);
    expect((await disbursements(award.awardId, 'US')).map((d) => d.status)).toEqual([
      'paid',
      'cancelled',
    ]);

    // Both sides confirmed: the award is closed, with its audit event.
    expect(await ctx.db.query('SELECT status FROM awards WHERE id = $1', [award.awardId])).toEqual([
      { status: 'closed' },
    ]);
    expect(await audit(award.awardId)).toContain('award.closed');

    // The budget view: paid out from the disbursements, the refund due, commitments released
    // (JPY 800,000 − 275,000; USD 450,050 − (450,050 − 225,025)).
    expect(await budgetView(award.roundId)).toEqual([
      {
        currency: 'USD',
        budgetMinor: 10_000_000,
        committedMinor: 225_025,
        disbursedMinor: 225_025,
        refundsDueMinor: 75_025,
        refundedMinor: 0,
        remainingMinor: 10_000_000 - 225_025,
      },
      {
        currency: 'JPY',
        budgetMinor: 15_000_000,
        committedMinor: 525_000,
        disbursedMinor: 525_000,
        refundsDueMinor: 0,
        refundedMinor: 0,
        remainingMinor: 15_000_000 - 525_000,
      },
    ]);

    // Readers: the award's cities, staff; the list of the award has both sides.
    const jpUser = `Bearer ${tokenFor(ctx, award.jpUser)}`;
    const listed = await api(jpUser).get(`/awards/${award.awardId}/settlements`).expect(200);
    expect(listed.body.data.map((s: { side: string }) => s.side).sort()).toEqual(['JP', 'US']);
    expect(listed.body.nextCursor).toBeNull();
    await api(jpUser).get(`/settlements/${us.body.id}`).expect(200);

    // Confirming again, or recomputing a confirmed side: 409, nothing changes.
    const before = await snapshot(award.awardId, award.roundId);
    const again = await confirm(jp.body.id).set('Accept-Language', 'ja').expect(409);
    expect(again.body).toMatchObject({
      code: 'invalid_state',
      detail: '日本側の額はすでに確定しています',
    });
    await compute(award.awardId, { side: 'US' }).expect(409);
    expect(await snapshot(award.awardId, award.roundId)).toEqual(before);
  });

  it('counts a category only up to its approved budget, drops exclusions, applies the cap and never passes the award', async () => {
    const award = await settlingAward(ctx, officer.user, {
      expenses: [
        jpy('venue', 500_000),
        jpy('venue', 400_000),
        jpy('gifts', 50_000),
        usd('travel', 100_000),
      ],
    });
    // No rule: 100 %. Venue 900,000 against its ¥800,000 budget counts 800,000; gifts is no
    // budget category (0). Eligible ¥800,000 = the award.
    const large = await compute(award.awardId, { side: 'JP' }).expect(201);
    expect(large.body).toMatchObject({
      spentMinor: 950_000,
      eligibleMinor: 800_000,
      confirmedMinor: 800_000,
      awardedMinor: 800_000,
      categories: [
        { category: 'venue', budgetMinor: 800_000, spentMinor: 900_000, eligibleMinor: 800_000 },
        { category: 'gifts', budgetMinor: 0, spentMinor: 50_000, eligibleMinor: 0 },
      ],
    });

    // 50 %, rounded to ¥1,000: a recompute answers 200 and keeps the row.
    const setRules = (rules: object[]) =>
      ctx.db.query('UPDATE rounds SET settlement_rules = $2 WHERE id = $1', [
        award.roundId,
        JSON.stringify(rules),
      ]);
    await setRules([{ currency: 'JPY', subsidyRateBp: 5_000, roundingUnitMinor: 1_000 }]);
    const half = await compute(award.awardId, { side: 'JP' }).expect(200);
    expect(half.body).toMatchObject({ id: large.body.id, confirmedMinor: 400_000 });
    expect(half.body.version).toBeGreaterThan(large.body.version);

    // Excluding the second venue expense: 500,000 × 50 % = 250,000.
    const excluded = await compute(award.awardId, {
      side: 'JP',
      excludedExpenses: [{ index: 1, reason: 'No receipt' }],
    }).expect(200);
    expect(excluded.body).toMatchObject({
      eligibleMinor: 500_000,
      confirmedMinor: 250_000,
      excludedExpenses: [{ index: 1, reason: 'No receipt' }],
    });

    // A cap below that: ¥200,000 (not a multiple question: the cap is the cap).
    await setRules([
      { currency: 'JPY', subsidyRateBp: 5_000, roundingUnitMinor: 1_000, capMinor: 199_999 },
    ]);
    const capped = await compute(award.awardId, {
      side: 'JP',
      excludedExpenses: [{ index: 1, reason: 'No receipt' }],
    }).expect(200);
    expect(capped.body).toMatchObject({ capMinor: 199_999, confirmedMinor: 199_999 });
    expect(await audit(large.body.id)).toEqual(Array(4).fill('settlement.computed'));

    // An exclusion must name an expense of the side in its currency: 422, the draft unchanged.
    const wrongCurrency = await compute(award.awardId, {
      side: 'JP',
      excludedExpenses: [{ index: 3, reason: 'USD' }],
    })
      .set('Accept-Language', 'ja')
      .expect(422);
    expect(wrongCurrency.body).toMatchObject({
      code: 'rule_violation',
      detail: '除外した経費（3番）は実績報告の日本側のJPY建て経費ではありません',
    });
    const outOfRange = await compute(award.awardId, {
      side: 'JP',
      excludedExpenses: [{ index: 7, reason: 'none' }],
    }).expect(422);
    expect(outOfRange.body.detail).toBe(
      'Excluded expense 7 is no JP expense in JPY of the final report',
    );
    const [row] = await ctx.db.query(
      'SELECT version, confirmed_minor FROM settlements WHERE id = $1',
      [large.body.id],
    );
    expect(row).toEqual({ version: capped.body.version, confirmed_minor: 199_999 });
    expect(await audit(large.body.id)).toHaveLength(4);

    // The US side of the joint report: only its USD expense.
    const us = await compute(award.awardId, { side: 'US' }).expect(201);
    expect(us.body).toMatchObject({ spentMinor: 100_000, confirmedMinor: 100_000 });
  });

  it('refuses to confirm while a payout of the side is in flight, and the refusal changes nothing', async () => {
    const award = await settlingAward(ctx, officer.user, { expenses: [jpy('venue', 300_000)] });
    const account = await createPayeeAccount(ctx, award.jpCityId, 'zengin', {
      enteredBy: finance2.user.id,
      verifiedBy: finance.user.id,
    });
    const [first] = await disbursements(award.awardId, 'JP');
    await api(finance.auth)
      .post(`/disbursements/${first.id}/request`, { payeeAccountId: account.id })
      .expect(200);
    const draft = await compute(award.awardId, { side: 'JP' }).expect(201);
    const before = await snapshot(award.awardId, award.roundId);
    const refused = await confirm(draft.body.id).expect(409);
    expect(refused.body).toMatchObject({
      code: 'invalid_state',
      detail:
        'A payout of the JP side is in flight (first: pending_approval); confirm the settlement once it is paid, failed or cancelled',
    });
    const ja = await confirm(draft.body.id).set('Accept-Language', 'ja').expect(409);
    expect(ja.body.detail).toBe(
      '日本側の支払が処理中です（first: pending_approval）。支払済み・失敗・取消のいずれかになってから額を確定してください',
    );
    expect(await snapshot(award.awardId, award.roundId)).toEqual(before);

    // Approved is in flight too; once rejected (scheduled again) the confirm goes through.
    await api(approver.auth).post(`/disbursements/${first.id}/approve`).expect(200);
    await confirm(draft.body.id).expect(409);
    await ctx.db.query(`UPDATE disbursements SET status = 'scheduled' WHERE id = $1`, [first.id]);
    const confirmed = await confirm(draft.body.id).expect(200);
    expect(confirmed.body).toMatchObject({ paidMinor: 0, balanceMinor: 300_000 });
    expect((await disbursements(award.awardId, 'JP')).map((d) => d.status)).toEqual([
      'cancelled',
      'cancelled',
      'scheduled',
    ]);
  });

  it('needs an accepted final report of the side (its own or joint), and an active award', async () => {
    const none = await settlingAward(ctx, officer.user, { report: 'none' });
    const noReport = await compute(none.awardId, { side: 'JP' }).expect(409);
    expect(noReport.body).toMatchObject({
      code: 'invalid_state',
      detail: 'The JP side has no accepted final report (its own or a joint one) to settle from',
    });
    const submitted = await settlingAward(ctx, officer.user, {
      report: 'submitted',
      expenses: [jpy('venue', 1_000)],
    });
    await compute(submitted.awardId, { side: 'JP' }).expect(409);

    // A US report settles the US side, not the JP side.
    const usOnly = await settlingAward(ctx, officer.user, {
      side: 'US',
      expenses: [usd('travel', 10_000)],
    });
    await compute(usOnly.awardId, { side: 'JP' }).expect(409);
    await compute(usOnly.awardId, { side: 'US' }).expect(201);
    expect(
      await ctx.db.query('SELECT side FROM settlements WHERE award_id = $1', [usOnly.awardId]),
    ).toEqual([{ side: 'US' }]);

    // A cancelled award is settled no more: compute and confirm both 409.
    const cancelled = await settlingAward(ctx, officer.user, { expenses: [jpy('venue', 1_000)] });
    const draft = await compute(cancelled.awardId, { side: 'JP' }).expect(201);
    await ctx.db.query(`UPDATE awards SET status = 'cancelled' WHERE id = $1`, [cancelled.awardId]);
    const inactive = await compute(cancelled.awardId, { side: 'JP' }).expect(409);
    expect(inactive.body.detail).toBe('The award is cancelled; only an active award is settled');
    await confirm(draft.body.id).expect(409);
    expect(
      await ctx.db.query('SELECT status FROM settlements WHERE id = $1', [draft.body.id]),
    ).toEqual([{ status: 'draft' }]);
  });

  it('honours If-Match (412) and refuses other roles (403) and other cities (404)', async () => {
    const award = await settlingAward(ctx, officer.user, { expenses: [jpy('venue', 10_000)] });
    const draft = await compute(award.awardId, { side: 'JP' }).expect(201);
    // Recomputed with an exclusion: the version (the ETag) moves on.
    await compute(award.awardId, {
      side: 'JP',
      excludedExpenses: [{ index: 0, reason: 'Not a project cost' }],
    }).expect(200);
    const before = await snapshot(award.awardId, award.roundId);
    const stale = await confirm(draft.body.id).set('If-Match', draft.headers.etag as string);
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    expect(await snapshot(award.awardId, award.roundId)).toEqual(before);

    const jpUser = `Bearer ${tokenFor(ctx, award.jpUser)}`;
    const admin = (await bearer(ctx, { role: 'admin' })).auth;
    for (const auth of [jpUser, reviewer, finance.auth, approver.auth, auditor, admin]) {
      await compute(award.awardId, { side: 'JP' }, auth).expect(403);
      await confirm(draft.body.id, auth).expect(403);
    }
    await api(reviewer).get(`/settlements/${draft.body.id}`).expect(403);
    await api(reviewer).get(`/awards/${award.awardId}/settlements`).expect(403);
    for (const auth of [finance.auth, approver.auth, auditor, admin, jpUser]) {
      await api(auth).get(`/settlements/${draft.body.id}`).expect(200);
    }
    expect(await snapshot(award.awardId, award.roundId)).toEqual(before);

    const elsewhere = await createCity(ctx, { country: 'JP' });
    const stranger = `Bearer ${tokenFor(
      ctx,
      await createUser(ctx, { role: 'city_user', cityId: elsewhere.id }),
    )}`;
    const hidden = await api(stranger).get(`/settlements/${draft.body.id}`).expect(404);
    expect(hidden.body).toMatchObject({ code: 'not_found', detail: 'Settlement not found' });
    await api(stranger).get(`/awards/${award.awardId}/settlements`).expect(404);
    await api(officer.auth).get(`/settlements/${randomUUID()}`).expect(404);
    await compute(randomUUID(), { side: 'JP' }).expect(404);
    await confirm(randomUUID()).expect(404);
  });

  it('validates the request body (400)', async () => {
    const award = await settlingAward(ctx, officer.user, { expenses: [jpy('venue', 10_000)] });
    for (const body of [
      {},
      { side: 'joint' },
      { side: 'JP', excludedExpenses: [{ index: -1, reason: 'x' }] },
      { side: 'JP', excludedExpenses: [{ index: 0 }] },
      { side: 'JP', excludedExpenses: [{ index: 0, reason: '' }] },
      { side: 'JP', excludedExpenses: [{ index: 1.5, reason: 'x' }] },
      {
        side: 'JP',
        excludedExpenses: [
          { index: 0, reason: 'x' },
          { index: 0, reason: 'y' },
        ],
      },
      { side: 'JP', excludedExpenses: [{ index: 0, reason: 'x'.repeat(1001) }] },
      { side: 'JP', confirmedMinor: 5 },
    ]) {
      const res = await compute(award.awardId, body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await api(officer.auth).post('/settlements/not-a-uuid/confirm').expect(400);
    expect(
      await ctx.db.query('SELECT id FROM settlements WHERE award_id = $1', [award.awardId]),
    ).toEqual([]);
  });

  describe('round settings: settlementRules and amendmentApprovalPercent', () => {
    const base = (prefix = 'S') => ({
      code: `${prefix}-${randomUUID().slice(0, 8)}`,
      title: { en: 'Settling round', ja: '精算の募集回' },
      opensAt: new Date(Date.now() + 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      budgets: [
        { currency: 'JPY', amountMinor: 10_000_000 },
        { currency: 'USD', amountMinor: 5_000_000 },
      ],
      maxAward: [
        { currency: 'JPY', amountMinor: 1_000_000 },
        { currency: 'USD', amountMinor: 500_000 },
      ],
    });

    it('creates and shows them, and PATCHes them while the round is a draft', async () => {
      const created = await api(officer.auth)
        .post('/rounds', {
          ...base(),
          settlementRules: [
            { currency: 'USD', subsidyRateBp: 8_000, roundingUnitMinor: 100, capMinor: 400_000 },
            { currency: 'JPY', subsidyRateBp: 5_000, roundingUnitMinor: 1_000 },
          ],
          amendmentApprovalPercent: 15,
        })
        .expect(201);
      expect(created.body).toMatchObject({
        settlementRules: [
          { currency: 'USD', subsidyRateBp: 8_000, roundingUnitMinor: 100, capMinor: 400_000 },
          { currency: 'JPY', subsidyRateBp: 5_000, roundingUnitMinor: 1_000 },
        ],
        amendmentApprovalPercent: 15,
      });
      expect(created.body.settlementRules[1]).not.toHaveProperty('capMinor');
      const [stored] = await ctx.db.query(
        'SELECT settlement_rules, amendment_approval_percent FROM rounds WHERE id = $1',
        [created.body.id],
      );
      expect(stored.amendment_approval_percent).toBe(15);
      expect(stored.settlement_rules).toHaveLength(2);

      const defaults = await api(officer.auth).post('/rounds', base()).expect(201);
      expect(defaults.body).toMatchObject({ settlementRules: [], amendmentApprovalPercent: 20 });

      const patched = await api(officer.auth)
        .patch(`/rounds/${created.body.id}`, {
          settlementRules: [{ currency: 'JPY', subsidyRateBp: 10_000, roundingUnitMinor: 1 }],
          amendmentApprovalPercent: 0,
        })
        .set('If-Match', `"${created.body.version}"`)
        .expect(200);
      expect(patched.body).toMatchObject({
        settlementRules: [{ currency: 'JPY', subsidyRateBp: 10_000, roundingUnitMinor: 1 }],
        amendmentApprovalPercent: 0,
      });
      const events = (await ctx.db.query(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'round.updated'`,
        [created.body.id],
      )) as { data: Record<string, unknown> }[];
      expect(events[0].data).toMatchObject({
        settlementRules: [{ currency: 'JPY', subsidyRateBp: 10_000, roundingUnitMinor: 1 }],
        amendmentApprovalPercent: 0,
      });

      // Dropping the JPY budget while a JPY rule stands: 400, the round unchanged.
      const dropped = await api(officer.auth)
        .patch(`/rounds/${created.body.id}`, {
          budgets: [{ currency: 'USD', amountMinor: 5_000_000 }],
          maxAward: [{ currency: 'USD', amountMinor: 500_000 }],
        })
        .expect(400);
      expect(dropped.body.errors).toEqual([
        { field: 'settlementRules', message: 'JPY has a settlement rule but no budget' },
      ]);
      const read = await api(officer.auth).get(`/rounds/${created.body.id}`).expect(200);
      expect(read.body.version).toBe(patched.body.version);

      // Once open, the settings are fixed like the rest of the round.
      await ctx.db.query(`UPDATE rounds SET status = 'open' WHERE id = $1`, [created.body.id]);
      await api(officer.auth)
        .patch(`/rounds/${created.body.id}`, { amendmentApprovalPercent: 50 })
        .expect(409);
    });

    it('refuses invalid settings (400) and changes nothing', async () => {
      const rule = { currency: 'JPY', subsidyRateBp: 5_000, roundingUnitMinor: 1_000 };
      const invalid: object[] = [
        { settlementRules: [{ ...rule, subsidyRateBp: 0 }] },
        { settlementRules: [{ ...rule, subsidyRateBp: 10_001 }] },
        { settlementRules: [{ ...rule, subsidyRateBp: 50.5 }] },
        { settlementRules: [{ ...rule, roundingUnitMinor: 0 }] },
        { settlementRules: [{ ...rule, capMinor: 0 }] },
        { settlementRules: [{ ...rule, currency: 'EUR' }] },
        { settlementRules: [rule, { ...rule, subsidyRateBp: 100 }] },
        { settlementRules: [{ ...rule, extra: 1 }] },
        { settlementRules: 'half' },
        { amendmentApprovalPercent: -1 },
        { amendmentApprovalPercent: 101 },
        { amendmentApprovalPercent: 12.5 },
      ];
      for (const extra of invalid) {
        const res = await api(officer.auth)
          .post('/rounds', { ...base('BAD'), ...extra })
          .expect(400);
        expect(res.body.code).toBe('validation_failed');
      }
      // A rule for a currency without a budget.
      const noBudget = await api(officer.auth)
        .post('/rounds', {
          ...base('BAD'),
          budgets: [{ currency: 'USD', amountMinor: 5_000_000 }],
          maxAward: [{ currency: 'USD', amountMinor: 500_000 }],
          settlementRules: [rule],
        })
        .set('Accept-Language', 'ja')
        .expect(400);
      expect(noBudget.body.errors).toEqual([
        {
          field: 'settlementRules',
          message: 'JPYの精算ルールがありますが、その通貨の予算がありません',
        },
      ]);
      expect(
        await ctx.db.query(`SELECT count(*)::int AS n FROM rounds WHERE code LIKE 'BAD-%'`),
      ).toEqual([{ n: 0 }]);

      const draft = await api(officer.auth).post('/rounds', base()).expect(201);
      for (const extra of invalid) {
        await api(officer.auth).patch(`/rounds/${draft.body.id}`, extra).expect(400);
      }
      await api(officer.auth)
        .patch(`/rounds/${draft.body.id}`, { settlementRules: null })
        .expect(400);
      const read = await api(officer.auth).get(`/rounds/${draft.body.id}`).expect(200);
      expect(read.body).toMatchObject({
        version: draft.body.version,
        settlementRules: [],
        amendmentApprovalPercent: 20,
      });
    });
  });
});
