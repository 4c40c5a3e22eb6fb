import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AwardLine } from '../src/awards/award-line.entity';
import { Award } from '../src/awards/award.entity';
import { Disbursement } from '../src/awards/disbursement.entity';
import { releaseHeldTranches } from '../src/disbursements/disbursement-release';
import { PayeeAccount } from '../src/payees/payee-account.entity';
import type { Round } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import {
  bearer,
  changeRoleElsewhere,
  createApplication,
  createCity,
  createPartnership,
  createPayeeAccount,
  createRound,
  createUser,
  PAYEE_NUMBERS,
  tokenFor,
} from './support/factories';

const US_NUMBER = PAYEE_NUMBERS.ach;
/** USD tranches of 250,000 cents need two approvers; JPY tranches of ¥250,000 need one. */
const USD_DUAL_ABOVE = 200_000;

interface Party {
  user: User;
  auth: string;
}

describe('disbursement workflow (SPEC §5.7)', () => {
  let ctx: TestContext;
  let round: Round;
  let officer: Party;
  let officer2: Party;
  let approvers: Party[];
  let admin: string;

  beforeAll(async () => {
    ctx = await createTestApp({
      env: { PAYOUT_DUAL_APPROVAL_USD_MINOR: String(USD_DUAL_ABOVE) },
    });
    round = await createRound(ctx);
    officer = await bearer(ctx, { role: 'finance_officer', displayName: 'Ken Watanabe' });
    officer2 = await bearer(ctx, { role: 'finance_officer' });
    approvers = [];
    for (let i = 0; i < 20; i++) {
      const user = await createUser(ctx, {
        role: 'finance_approver',
        displayName: `Approver ${i + 1}`,
      });
      approvers.push({ user, auth: `Bearer ${tokenFor(ctx, user)}` });
    }
    admin = (await bearer(ctx, { role: 'admin' })).auth;
  });
  afterAll(() => ctx.close());

  /** A verified (by default) account straight in the database. */
  const account = (cityId: string, rail: 'ach' | 'zengin', status?: PayeeAccount['status']) =>
    createPayeeAccount(ctx, cityId, rail, {
      enteredBy: officer2.user.id,
      verifiedBy: officer.user.id,
      status,
    });

  /**
   * An approved award straight in the database: US USD 5,000.00 and JP ¥500,000, each in two
   * tranches of half (the first scheduled, the second on hold), and a verified account per side.
   */
  async function awarded() {
    const partnership = await createPartnership(ctx);
    const application = await createApplication(ctx, round, partnership, { status: 'approved' });
    const award = await ctx.db.getRepository(Award).save(
      ctx.db.getRepository(Award).create({
        applicationId: application.id,
        roundId: round.id,
        partnershipId: partnership.id,
        jpCityId: partnership.jpCityId,
        usCityId: partnership.usCityId,
        decidedBy: officer.user.id,
      }),
    );
    await ctx.db.getRepository(AwardLine).insert([
      { awardId: award.id, side: 'US', currency: 'USD', amountMinor: 500_000 },
      { awardId: award.id, side: 'JP', currency: 'JPY', amountMinor: 500_000 },
    ]);
    const tranche = (side: 'US' | 'JP', index: number) =>
      ctx.db.getRepository(Disbursement).save(
        ctx.db.getRepository(Disbursement).create({
          awardId: award.id,
          trancheKey: index === 0 ? 'first' : 'final',
          trancheIndex: index,
          releaseOn: index === 0 ? 'award' : 'final_report_accepted',
          side,
          currency: side === 'US' ? 'USD' : 'JPY',
          amountMinor: 250_000,
          status: index === 0 ? 'scheduled' : 'on_hold',
        }),
      );
    return {
      award,
      partnership,
      us: { first: await tranche('US', 0), final: await tranche('US', 1) },
      jp: { first: await tranche('JP', 0), final: await tranche('JP', 1) },
      usAccount: await account(partnership.usCityId, 'ach'),
      jpAccount: await account(partnership.jpCityId, 'zengin'),
    };
  }

  const post = (id: string, action: string, auth: string, body: object = {}) =>
    request(ctx.http)
      .post(`/api/v1/disbursements/${id}/${action}`)
      .set('Authorization', auth)
      .send(body);
  const requestPayout = (id: string, payeeAccountId: string, auth = officer.auth) =>
    post(id, 'request', auth, { payeeAccountId });
  const approve = (id: string, approver: Party) => post(id, 'approve', approver.auth);
  const settle = (id: string, body: object, auth = officer.auth) => post(id, 'settle', auth, body);
  /** Plays the payment run: approved → sent. */
  const markSent = (id: string) =>
    ctx.db.query(`UPDATE disbursements SET status = 'sent', sent_at = now() WHERE id = $1`, [id]);
  const statusOf = async (id: string) =>
    (
      (await ctx.db.query('SELECT status FROM disbursements WHERE id = $1', [id])) as {
        status: string;
      }[]
    )[0].status;
  const approvalRows = async (id: string) =>
    (await ctx.db.query(
      'SELECT request_seq, approver_id FROM disbursement_approvals WHERE disbursement_id = $1 ORDER BY approved_at',
      [id],
    )) as { request_seq: number; approver_id: string }[];
  const events = async (id: string) =>
    (await ctx.db.query(
      `SELECT event_type, payload FROM outbox WHERE payload->>'disbursementId' = $1 ORDER BY created_at`,
      [id],
    )) as { event_type: string; payload: Record<string, unknown> }[];

  it('request → two approvals above the threshold → sent → settled paid, with events and audit', async () => {
    const { us, usAccount, award } = await awarded();

    const requested = await requestPayout(us.first.id, usAccount.id).expect(200);
    expect(requested.body).toMatchObject({
      id: us.first.id,
      status: 'pending_approval',
      requestSeq: 1,
      payeeAccountId: usAccount.id,
      requestedBy: officer.user.id,
      requestedByName: 'Ken Watanabe',
      approvals: [],
      approvalsRequired: 2,
    });

    const first = await approve(us.first.id, approvers[0]).expect(200);
    expect(first.body).toMatchObject({
      status: 'pending_approval',
      requestedByName: 'Ken Watanabe',
      approvals: [{ approverId: approvers[0].user.id, approverName: 'Approver 1' }],
    });
    const again = await approve(us.first.id, approvers[0]).set('Accept-Language', 'ja').expect(409);
    expect(again.body).toMatchObject({
      code: 'conflict',
      detail: 'この支払申請はすでに承認済みです（同じ人が二度承認することはできません）',
    });

    // The reads answer where the payout stands, as the actions do (one query for a page's approvals).
    const read = await request(ctx.http)
      .get(`/api/v1/disbursements/${us.first.id}`)
      .set('Authorization', officer.auth)
      .expect(200);
    expect(read.body).toEqual(first.body);
    const listed = await request(ctx.http)
      .get(`/api/v1/disbursements?awardId=${award.id}`)
      .set('Authorization', officer.auth)
      .expect(200);
    const item = listed.body.data.find((d: { id: string }) => d.id === us.first.id);
    expect(item).toEqual(first.body);
    expect(listed.body.data.filter((d: { id: string }) => d.id !== us.first.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ approvals: [], requestSeq: 0 })]),
    );

    const second = await approve(us.first.id, approvers[1]).expect(200);
    expect(second.body.status).toBe('approved');
    expect(second.body.approvals.map((a: { approverName: string }) => a.approverName)).toEqual([
      'Approver 1',
      'Approver 2',
    ]);

    await markSent(us.first.id);
    const paid = await settle(us.first.id, { result: 'paid', bankReference: 'FED-0001' }).expect(
      200,
    );
    expect(paid.body).toMatchObject({
      status: 'paid',
      bankReference: 'FED-0001',
      failureReason: null,
    });

    const types = (await events(us.first.id)).map((e) => e.event_type);
    expect(types).toEqual([
      'disbursement.approval_recorded',
      'disbursement.approved',
      'disbursement.paid',
    ]);
    const approvedEvent = (await events(us.first.id))[1].payload;
    expect(approvedEvent).toMatchObject({
      disbursementId: us.first.id,
      awardId: award.id,
      side: 'US',
      currency: 'USD',
      amountMinor: 250_000,
      status: 'approved',
      payeeAccount: { accountNumberMasked: '•••• 7890', rail: 'ach' },
    });

    const audit = (await ctx.db.query(
      `SELECT action, data FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
      [us.first.id],
    )) as { action: string; data: Record<string, unknown> }[];
    expect(audit.map((a) => a.action)).toEqual([
      'disbursement.requested',
      'disbursement.approved',
      'disbursement.approved',
      'disbursement.paid',
    ]);
    const everything = JSON.stringify(audit) + JSON.stringify(await events(us.first.id));
    expect(everything).toContain('•••• 7890');
    expect(everything).not.toContain(US_NUMBER);
    expect(JSON.stringify([requested.body, first.body, second.body, paid.body])).not.toContain(
      US_NUMBER,
    );
  });

  it('a failed transfer is requested again, and the new request needs new approvals', async () => {
    const { jp, jpAccount } = await awarded();
    await requestPayout(jp.first.id, jpAccount.id).expect(200);
    const approved = await approve(jp.first.id, approvers[0]).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvalsRequired: 1 });
    await markSent(jp.first.id);

    const noReason = await settle(jp.first.id, { result: 'failed', bankReference: 'Z-1' }).expect(
      400,
    );
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('failureReason');
    const failed = await settle(jp.first.id, {
      result: 'failed',
      bankReference: 'Z-1',
      failureReason: 'Account closed',
    }).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: 'Account closed' });
    expect((await events(jp.first.id)).map((e) => e.event_type)).toContain('disbursement.failed');

    const again = await requestPayout(jp.first.id, jpAccount.id, officer2.auth).expect(200);
    expect(again.body).toMatchObject({
      status: 'pending_approval',
      requestSeq: 2,
      approvals: [],
      failureReason: null,
      bankReference: null,
    });
    // The same approver may approve the new request: approvals belong to one request.
    await approve(jp.first.id, approvers[0]).expect(200);
    expect((await approvalRows(jp.first.id)).map((r) => r.request_seq)).toEqual([1, 2]);
    expect(await statusOf(jp.first.id)).toBe('approved');
  });

  it('refuses self-approval (422) even when the requester has become an approver', async () => {
    const { jp, jpAccount } = await awarded();
    const maker = await bearer(ctx, { role: 'finance_officer' });
    await requestPayout(jp.first.id, jpAccount.id, maker.auth).expect(200);
    await changeRoleElsewhere(ctx, maker.user, 'finance_approver');

    const res = await approve(jp.first.id, maker as Party).expect(422);
    expect(res.body.code).toBe('rule_violation');
    expect(res.body.detail).toMatch(/Self-approval/);
    const ja = await approve(jp.first.id, maker as Party).set('Accept-Language', 'ja');
    expect(ja.status).toBe(422);
    expect(ja.body.detail).toBe(
      '職務分掌のため、ご自身が申請した支払は承認できません。他の経理承認者に承認を依頼してください',
    );
    expect(await approvalRows(jp.first.id)).toEqual([]);
    expect(await statusOf(jp.first.id)).toBe('pending_approval');
  });

  it('reject sends the request back to scheduled with the reason', async () => {
    const { us, usAccount } = await awarded();
    await requestPayout(us.first.id, usAccount.id).expect(200);
    await approve(us.first.id, approvers[0]).expect(200);
    await post(us.first.id, 'reject', approvers[1].auth, {}).expect(400);
    const res = await post(us.first.id, 'reject', approvers[1].auth, {
      reason: 'Wrong account',
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'scheduled', rejectionReason: 'Wrong account' });
    const again = await post(us.first.id, 'reject', approvers[1].auth, { reason: 'x' }).expect(409);
    expect(again.body.code).toBe('invalid_state');
    // A fresh request starts with no approvals even though one was recorded before the rejection.
    const fresh = await requestPayout(us.first.id, usAccount.id).expect(200);
    expect(fresh.body).toMatchObject({ requestSeq: 2, approvals: [], rejectionReason: null });
  });

  it('requests need a released tranche and a verified account of the side’s city on the currency’s rail', async () => {
    const { us, jp, usAccount, jpAccount, partnership } = await awarded();

    const held = await requestPayout(us.final.id, usAccount.id).expect(409);
    expect(held.body.code).toBe('invalid_state');

    const unverified = await account(partnership.usCityId, 'ach', 'unverified');
    const cases: [string, string, RegExp][] = [
      [us.first.id, unverified.id, /unverified/],
      [us.first.id, (await account(partnership.usCityId, 'zengin')).id, /ACH/],
      [us.first.id, jpAccount.id, /US city/],
      [jp.first.id, usAccount.id, /JP city/],
      [
        us.first.id,
        (await account((await createCity(ctx, { country: 'US' })).id, 'ach')).id,
        /US city/,
      ],
      [us.first.id, randomUUID(), /names no payee account/],
    ];
    for (const [id, payeeAccountId, detail] of cases) {
      const res = await requestPayout(id, payeeAccountId).expect(422);
      expect(res.body.code).toBe('rule_violation');
      expect(res.body.detail).toMatch(detail);
    }
    expect(await statusOf(us.first.id)).toBe('scheduled');
    expect(await statusOf(jp.first.id)).toBe('scheduled');
  });

  it('cancels what has not been sent, and only that', async () => {
    const { us, jp, usAccount, jpAccount } = await awarded();
    await post(us.final.id, 'cancel', officer.auth, {}).expect(400);
    const held = await post(us.final.id, 'cancel', officer.auth, {
      reason: 'Project ended early',
    }).expect(200);
    expect(held.body).toMatchObject({ status: 'cancelled', cancelReason: 'Project ended early' });
    await post(us.final.id, 'cancel', officer.auth, { reason: 'again' }).expect(409);
    await requestPayout(us.final.id, usAccount.id).expect(409);

    await requestPayout(jp.first.id, jpAccount.id).expect(200);
    await approve(jp.first.id, approvers[2]).expect(200);
    await markSent(jp.first.id);
    const sent = await post(jp.first.id, 'cancel', officer.auth, { reason: 'too late' }).expect(
      409,
    );
    expect(sent.body.code).toBe('invalid_state');

    await requestPayout(us.first.id, usAccount.id).expect(200);
    await post(us.first.id, 'cancel', officer.auth, { reason: 'Duplicate' }).expect(200);
    await approve(us.first.id, approvers[0]).expect(409);
  });

  it('answers 409 invalid_state to every action its status does not allow', async () => {
    const { us, jp, jpAccount } = await awarded();
    const settleBody = { result: 'paid', bankReference: 'REF' };
    // scheduled: no approve, reject or settle
    await approve(us.first.id, approvers[0]).expect(409);
    await post(us.first.id, 'reject', approvers[0].auth, { reason: 'r' }).expect(409);
    await settle(us.first.id, settleBody).expect(409);
    // on_hold: nothing but cancel
    await approve(us.final.id, approvers[0]).expect(409);
    await settle(us.final.id, settleBody).expect(409);
    // approved: no second request, no approval, no settlement before it is sent
    await requestPayout(jp.first.id, jpAccount.id).expect(200);
    await requestPayout(jp.first.id, jpAccount.id).expect(409);
    await approve(jp.first.id, approvers[0]).expect(200);
    await requestPayout(jp.first.id, jpAccount.id).expect(409);
    await approve(jp.first.id, approvers[1]).expect(409);
    await settle(jp.first.id, settleBody).expect(409);
    // paid is final
    await markSent(jp.first.id);
    await settle(jp.first.id, settleBody).expect(200);
    const res = await settle(jp.first.id, settleBody).expect(409);
    expect(res.body.code).toBe('invalid_state');
    await requestPayout(jp.first.id, jpAccount.id).expect(409);
    await post(jp.first.id, 'cancel', officer.auth, { reason: 'r' }).expect(409);
  });

  it('20 concurrent approvals of one request: exactly one wins', async () => {
    const { jp, jpAccount } = await awarded();
    await requestPayout(jp.first.id, jpAccount.id).expect(200);
    const results = await Promise.all(approvers.map((a) => approve(jp.first.id, a)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await approvalRows(jp.first.id)).toHaveLength(1);
    expect(await statusOf(jp.first.id)).toBe('approved');
    expect(
      (await events(jp.first.id)).filter((e) => e.event_type === 'disbursement.approved'),
    ).toHaveLength(1);
  });

  it('an approval retried with its Idempotency-Key, even at once, is replayed, never counted twice', async () => {
    const { us, usAccount } = await awarded();
    await requestPayout(us.first.id, usAccount.id).expect(200);
    const key = `approve-${us.first.id}`;
    const withKey = () => approve(us.first.id, approvers[0]).set('Idempotency-Key', key);
    // Three copies of one click at once: one runs; the others wait their turn (409 in use) or
    // replay it.
    const copies = await Promise.all([withKey(), withKey(), withKey()]);
    const ran = copies.filter((r) => r.status === 200 && !r.headers['idempotent-replayed']);
    expect(ran).toHaveLength(1);
    for (const copy of copies.filter((r) => r !== ran[0])) {
      if (copy.status === 409) expect(copy.body.code).toBe('idempotency_key_in_use');
      else expect([copy.status, copy.headers['idempotent-replayed']]).toEqual([200, 'true']);
    }
    const retried = await withKey().expect(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(ran[0].body);
    expect(await approvalRows(us.first.id)).toHaveLength(1);
    // Without the key, a second approval by the same approver is the 409 it always was.
    const twice = await approve(us.first.id, approvers[0]).expect(409);
    expect(twice.body.code).toBe('conflict');
  });

  it('20 concurrent approvals of a request above the threshold: exactly two count', async () => {
    const { us, usAccount } = await awarded();
    await requestPayout(us.first.id, usAccount.id).expect(200);
    const results = await Promise.all(approvers.map((a) => approve(us.first.id, a)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status === 409)).toHaveLength(18);
    const rows = await approvalRows(us.first.id);
    expect(new Set(rows.map((r) => r.approver_id)).size).toBe(2);
    expect(await statusOf(us.first.id)).toBe('approved');
  });

  it('releases the held tranches a report unlocks (the system’s transition), only those', async () => {
    const { award, us, jp } = await awarded();
    const released = await ctx.db.transaction((manager) =>
      releaseHeldTranches(manager, {
        awardId: award.id,
        releaseOn: 'final_report_accepted',
        sides: ['US'],
      }),
    );
    expect(released.map((d) => [d.id, d.status])).toEqual([[us.final.id, 'scheduled']]);
    expect(await statusOf(jp.final.id)).toBe('on_hold');
    expect(await statusOf(us.first.id)).toBe('scheduled');
  });

  describe('no award pays out more than its amount', () => {
    /** A third tranche on the same line: the schedule's own tranches already add up to the award. */
    const extraTranche = (awardId: string, side: 'US' | 'JP', amountMinor: number) =>
      ctx.db.getRepository(Disbursement).save(
        ctx.db.getRepository(Disbursement).create({
          awardId,
          trancheKey: 'extra',
          trancheIndex: 2,
          releaseOn: 'award',
          side,
          currency: side === 'US' ? 'USD' : 'JPY',
          amountMinor,
          status: 'scheduled',
        }),
      );

    it('is enforced by PostgreSQL itself', async () => {
      const { award, us } = await awarded();
      const extra = await extraTranche(award.id, 'US', 300_000);
      await ctx.db.query(`UPDATE disbursements SET status = 'approved' WHERE id = $1`, [
        us.first.id,
      ]);
      await expect(
        ctx.db.query(`UPDATE disbursements SET status = 'approved' WHERE id = $1`, [extra.id]),
      ).rejects.toMatchObject({
        driverError: { code: '23514', constraint: 'ck_disbursements_within_award' },
      });
      expect(await statusOf(extra.id)).toBe('scheduled');
    });

    it('answers 422 when an approval would pass the award, and keeps nothing of it', async () => {
      const { award, jp, jpAccount } = await awarded();
      const extra = await extraTranche(award.id, 'JP', 300_000);
      await requestPayout(jp.first.id, jpAccount.id).expect(200);
      await approve(jp.first.id, approvers[0]).expect(200);
      await requestPayout(extra.id, jpAccount.id).expect(200);
      const res = await approve(extra.id, approvers[1]).expect(422);
      expect(res.body.code).toBe('rule_violation');
      expect(res.body.detail).toMatch(/past its amount/);
      expect(await statusOf(extra.id)).toBe('pending_approval');
      expect(await approvalRows(extra.id)).toEqual([]);
    });
  });

  describe('who may act', () => {
    it('401 without credentials, 403 outside the transition’s roles', async () => {
      const { us, usAccount, partnership } = await awarded();
      const cityUser = (await bearer(ctx, { role: 'city_user', cityId: partnership.usCityId }))
        .auth;
      for (const action of ['request', 'approve', 'reject', 'settle', 'cancel']) {
        await request(ctx.http)
          .post(`/api/v1/disbursements/${us.first.id}/${action}`)
          .send({})
          .expect(401);
        await post(us.first.id, action, cityUser, {}).expect(403);
        await post(us.first.id, action, admin, {}).expect(403);
      }
      await requestPayout(us.first.id, usAccount.id, approvers[0].auth).expect(403);
      await post(us.first.id, 'approve', officer.auth).expect(403);
      await post(us.first.id, 'reject', officer.auth, { reason: 'r' }).expect(403);
      await post(us.first.id, 'cancel', approvers[0].auth, { reason: 'r' }).expect(403);
      await settle(us.first.id, { result: 'paid', bankReference: 'R' }, approvers[0].auth).expect(
        403,
      );
      expect(await statusOf(us.first.id)).toBe('scheduled');
      // The city user still reads its own disbursements.
      await request(ctx.http)
        .get(`/api/v1/disbursements/${us.first.id}`)
        .set('Authorization', cityUser)
        .expect(200);
    });

    it('the bank integration settles with a finance officer’s API key carrying disbursements:settle', async () => {
      const { jp, jpAccount } = await awarded();
      await requestPayout(jp.first.id, jpAccount.id).expect(200);
      await approve(jp.first.id, approvers[3]).expect(200);
      await markSent(jp.first.id);
      const keyOf = async (scopes: string[]) =>
        (
          await request(ctx.http)
            .post('/api/v1/api-keys')
            .set('Authorization', admin)
            .send({ name: 'bank', scopes, userId: officer.user.id })
            .expect(201)
        ).body.key as string;
      const readOnly = await keyOf(['disbursements:read']);
      await request(ctx.http)
        .post(`/api/v1/disbursements/${jp.first.id}/settle`)
        .set('X-API-Key', readOnly)
        .send({ result: 'paid', bankReference: 'ZG-1' })
        .expect(403);
      const settleKey = await keyOf(['disbursements:settle']);
      const res = await request(ctx.http)
        .post(`/api/v1/disbursements/${jp.first.id}/settle`)
        .set('X-API-Key', settleKey)
        .send({ result: 'paid', bankReference: 'ZG-1' })
        .expect(200);
      expect(res.body.status).toBe('paid');
    });
  });

  it('refuses malformed input with 400 and a missing disbursement with 404, writing nothing', async () => {
    const { jp, jpAccount } = await awarded();
    await requestPayout(jp.first.id, 'not-a-uuid').expect(400);
    await post(jp.first.id, 'request', officer.auth, {
      payeeAccountId: jpAccount.id,
      extra: 1,
    }).expect(400);
    await requestPayout('not-a-uuid', jpAccount.id).expect(400);
    await requestPayout(randomUUID(), jpAccount.id).expect(404);
    await approve(randomUUID(), approvers[0]).expect(404);
    await post(jp.first.id, 'cancel', officer.auth, { reason: 'x'.repeat(1001) }).expect(400);
    expect(await statusOf(jp.first.id)).toBe('scheduled');

    await requestPayout(jp.first.id, jpAccount.id).expect(200);
    await approve(jp.first.id, approvers[0]).expect(200);
    await markSent(jp.first.id);
    for (const body of [
      { result: 'lost', bankReference: 'R' },
      { result: 'paid' },
      { result: 'paid', bankReference: '' },
      { result: 'paid', bankReference: 'R'.repeat(101) },
      { result: 'paid', bankReference: 'R', failureReason: 'not for paid' },
    ]) {
      const res = await settle(jp.first.id, body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await statusOf(jp.first.id)).toBe('sent');
  });
});
