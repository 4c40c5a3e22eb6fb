import request from 'supertest';
import type { Partnership } from '../src/partnerships/partnership.entity';
import { Refund } from '../src/settlements/refund.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import { bearer, createApprovedAward, createPartnership } from './support/factories';
import { auditOf, insertRefund, outboxOf, roundBudget } from './support/refunds';

const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Refunds (返還, issue 17): tracked until received. Finance records what comes back (in parts if
 * need be), the round budget counts each receipt back, the program office may waive the rest;
 * a city user sees only what its own city owes.
 */
describe('refunds', () => {
  let ctx: TestContext;
  let finance: { user: User; auth: string };
  let approver: string;
  let officer: { user: User; auth: string };
  let auditor: string;
  let partnership: Partnership;
  let jpUser: string;
  let usUser: string;
  let awardId: string;
  let roundId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    finance = await bearer(ctx, { role: 'finance_officer' });
    approver = (await bearer(ctx, { role: 'finance_approver' })).auth;
    officer = await bearer(ctx, { role: 'program_officer' });
    auditor = (await bearer(ctx, { role: 'auditor' })).auth;
    partnership = await createPartnership(ctx);
    jpUser = (await bearer(ctx, { role: 'city_user', cityId: partnership.jpCityId })).auth;
    usUser = (await bearer(ctx, { role: 'city_user', cityId: partnership.usCityId })).auth;
    const award = await createApprovedAward(ctx, { partnership });
    awardId = award.awardId;
    roundId = award.round.id;
  });
  afterAll(() => ctx.close());

  /** A refund of ¥100,000 due from the JP city (or $… from the US city). */
  const jpRefund = (amountMinor = 100_000) =>
    insertRefund(ctx, {
      awardId,
      cityId: partnership.jpCityId,
      side: 'JP',
      currency: 'JPY',
      amountMinor,
      createdBy: officer.user.id,
    });
  const usRefund = (amountMinor = 10_000) =>
    insertRefund(ctx, {
      awardId,
      cityId: partnership.usCityId,
      side: 'US',
      currency: 'USD',
      amountMinor,
      createdBy: officer.user.id,
    });

  const post = (path: string, auth: string, body: object) =>
    request(ctx.http).post(`/api/v1${path}`).set('Authorization', auth).send(body);
  const receive = (id: string, body: object, auth = finance.auth) =>
    post(`/refunds/${id}/receive`, auth, body);
  const receipt = (amountMinor: number, bankReference = 'WIRE-IN-1') => ({
    amountMinor,
    receivedOn: today(),
    bankReference,
  });
  const rowOf = (id: string) => ctx.db.getRepository(Refund).findOneByOrFail({ id });

  it('records a partial receipt, then the rest → received; the budget counts each back', async () => {
    const refund = await jpRefund(100_000);
    const before = await roundBudget(ctx, roundId, 'JPY');
    expect(before.committedMinor).toBe(800_000);

    const first = await receive(refund.id, receipt(30_000, 'WIRE-IN-1')).expect(200);
    expect(first.body).toMatchObject({
      id: refund.id,
      status: 'due',
      amountMinor: 100_000,
      receivedMinor: 30_000,
      outstandingMinor: 70_000,
      receivedOn: today(),
      bankReference: 'WIRE-IN-1',
      recordedBy: finance.user.id,
    });
    expect(first.headers.etag).toBe(`"${refund.version + 1}"`);
    expect(first.body.version).toBe(refund.version + 1);
    expect((await roundBudget(ctx, roundId, 'JPY')).committedMinor).toBe(770_000);

    const rest = await receive(refund.id, receipt(70_000, 'WIRE-IN-2')).expect(200);
    expect(rest.body).toMatchObject({
      status: 'received',
      receivedMinor: 100_000,
      outstandingMinor: 0,
      bankReference: 'WIRE-IN-2',
    });
    expect((await roundBudget(ctx, roundId, 'JPY')).committedMinor).toBe(700_000);
    // The budget view shows the money back in the pool: remaining = budget − committed.
    const view = await request(ctx.http)
      .get(`/api/v1/rounds/${roundId}/budget`)
      .set('Authorization', officer.auth)
      .expect(200);
    const rows = (view.body.rows ?? view.body.budgets) as {
      currency: string;
      committedMinor: number;
      remainingMinor: number;
    }[];
    expect(rows.find((r) => r.currency === 'JPY')).toMatchObject({
      committedMinor: 700_000,
      remainingMinor: 15_000_000 - 700_000,
    });

    const events = await auditOf(ctx, refund.id, 'refund.received');
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ receivedNowMinor: 30_000, receivedMinor: 30_000, status: 'due' }),
      expect.objectContaining({
        receivedNowMinor: 70_000,
        receivedMinor: 100_000,
        status: 'received',
        bankReference: 'WIRE-IN-2',
        roundId,
      }),
    ]);
    expect(events.every((e) => e.actor_id === finance.user.id)).toBe(true);
    expect(await outboxOf(ctx, refund.id, 'refund.received')).toHaveLength(2);

    // A received refund takes no more receipts and cannot be waived.
    expect((await receive(refund.id, receipt(1)).expect(409)).body.code).toBe('invalid_state');
    await post(`/refunds/${refund.id}/cancel`, officer.auth, { reason: 'x' }).expect(409);
    expect((await rowOf(refund.id)).receivedMinor).toBe(100_000);
  });

  it('refuses more than is outstanding (422) and changes nothing', async () => {
    const refund = await jpRefund(50_000);
    await receive(refund.id, receipt(20_000)).expect(200);
    const committed = (await roundBudget(ctx, roundId, 'JPY')).committedMinor;
    const res = await receive(refund.id, receipt(30_001)).expect(422);
    expect(res.body).toMatchObject({
      code: 'rule_violation',
      detail: 'JPY 30,001 is more than the JPY 30,000 outstanding',
    });
    const ja = await receive(refund.id, receipt(30_001)).set('Accept-Language', 'ja').expect(422);
    expect(ja.body.detail).toBe('JPY 30,001は未返還額 JPY 30,000 を超えています');
    expect(await rowOf(refund.id)).toMatchObject({ receivedMinor: 20_000, status: 'due' });
    expect((await roundBudget(ctx, roundId, 'JPY')).committedMinor).toBe(committed);
    expect(await auditOf(ctx, refund.id, 'refund.received')).toHaveLength(1);
  });

  it('lets the program office waive what is outstanding; then nothing more is received (409)', async () => {
    const refund = await usRefund(10_000);
    await receive(refund.id, receipt(2_500)).expect(200);
    const committed = (await roundBudget(ctx, roundId, 'USD')).committedMinor;
    // Finance records money; waiving it is the program office's.
    await post(`/refunds/${refund.id}/cancel`, finance.auth, { reason: 'x' }).expect(403);
    const cancelled = await post(`/refunds/${refund.id}/cancel`, officer.auth, {
      reason: 'The project ended early through no fault of the city',
    }).expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      receivedMinor: 2_500,
      outstandingMinor: 0,
      cancelReason: 'The project ended early through no fault of the city',
      cancelledBy: officer.user.id,
    });
    // What was received stays counted back; what is waived never comes.
    expect((await roundBudget(ctx, roundId, 'USD')).committedMinor).toBe(committed);
    const [event] = await auditOf(ctx, refund.id, 'refund.cancelled');
    expect(event.data).toMatchObject({ waivedMinor: 7_500, status: 'cancelled' });
    // Integrators receive the change itself (a webhook event): flat, like the audit's data.
    expect(await outboxOf(ctx, refund.id, 'refund.cancelled')).toEqual([
      {
        event_type: 'refund.cancelled',
        payload: expect.objectContaining({
          refundId: refund.id,
          waivedMinor: 7_500,
          status: 'cancelled',
          occurredAt: expect.any(String),
        }),
      },
    ]);

    const again = await receive(refund.id, receipt(1)).expect(409);
    expect(again.body.detail).toBe('A cancelled refund cannot be received (allowed from due)');
    await post(`/refunds/${refund.id}/cancel`, officer.auth, { reason: 'again' }).expect(409);
    expect(await rowOf(refund.id)).toMatchObject({ receivedMinor: 2_500, status: 'cancelled' });
    expect(await auditOf(ctx, refund.id, 'refund.cancelled')).toHaveLength(1);
  });

  it('only finance records a receipt: 403 for an approver, the office, a city user, the auditor', async () => {
    const refund = await jpRefund();
    for (const auth of [approver, officer.auth, jpUser, auditor]) {
      expect((await receive(refund.id, receipt(1), auth).expect(403)).body.code).toBe('forbidden');
    }
    for (const auth of [approver, jpUser, auditor]) {
      await post(`/refunds/${refund.id}/cancel`, auth, { reason: 'x' }).expect(403);
    }
    expect(await rowOf(refund.id)).toMatchObject({ receivedMinor: 0, status: 'due' });
    expect(await auditOf(ctx, refund.id)).toEqual([]);
  });

  it('refuses malformed bodies with 400 naming the field, writing nothing', async () => {
    const refund = await jpRefund();
    const bad: [object, string][] = [
      [{ ...receipt(1), amountMinor: 0 }, 'amountMinor'],
      [{ ...receipt(1), amountMinor: 1.5 }, 'amountMinor'],
      [{ ...receipt(1), amountMinor: '100' }, 'amountMinor'],
      [{ receivedOn: today(), bankReference: 'X' }, 'amountMinor'],
      [{ ...receipt(1), receivedOn: '2026-02-30' }, 'receivedOn'],
      [{ ...receipt(1), receivedOn: '7/12/2026' }, 'receivedOn'],
      [{ ...receipt(1), receivedOn: daysFromNow(3) }, 'receivedOn'],
      [{ ...receipt(1), bankReference: '' }, 'bankReference'],
      [{ ...receipt(1), bankReference: 'x'.repeat(101) }, 'bankReference'],
      [{ ...receipt(1), note: 'unknown' }, 'note'],
    ];
    for (const [body, field] of bad) {
      const res = await receive(refund.id, body).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const future = await receive(refund.id, { ...receipt(1), receivedOn: daysFromNow(3) })
      .set('Accept-Language', 'ja')
      .expect(400);
    expect(future.body.errors[0].message).toBe('今日以前の日付を入力してください');
    for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(1001) }, { reason: 'x', y: 1 }]) {
      await post(`/refunds/${refund.id}/cancel`, officer.auth, body).expect(400);
    }
    await receive('not-a-uuid', receipt(1)).expect(400);
    expect(await rowOf(refund.id)).toMatchObject({ receivedMinor: 0, status: 'due', version: 1 });
    expect(await auditOf(ctx, refund.id)).toEqual([]);
  });

  it('answers 404 for a refund that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await request(ctx.http)
      .get(`/api/v1/refunds/${missing}`)
      .set('Authorization', finance.auth)
      .expect(404);
    await receive(missing, receipt(1)).expect(404);
    await post(`/refunds/${missing}/cancel`, officer.auth, { reason: 'x' }).expect(404);
  });

  it('shows a city user its own city’s refunds only; another city’s is 404', async () => {
    const mine = await jpRefund();
    const theirs = await usRefund();
    const list = (auth: string, query = '') =>
      request(ctx.http)
        .get(`/api/v1/refunds?awardId=${awardId}${query}`)
        .set('Authorization', auth)
        .expect(200);
    const jpIds = (await list(jpUser)).body.data.map((r: { id: string }) => r.id);
    expect(jpIds).toContain(mine.id);
    expect(jpIds).not.toContain(theirs.id);
    expect(
      (await list(jpUser)).body.data.every(
        (r: { cityId: string }) => r.cityId === partnership.jpCityId,
      ),
    ).toBe(true);
    // Asking for the partner's refunds by filter finds none.
    expect((await list(jpUser, `&cityId=${partnership.usCityId}`)).body.data).toEqual([]);
    const own = await request(ctx.http)
      .get(`/api/v1/refunds/${mine.id}`)
      .set('Authorization', jpUser)
      .expect(200);
    expect(own.headers.etag).toBe('"1"');
    expect(own.body).toMatchObject({ id: mine.id, cityId: partnership.jpCityId, status: 'due' });
    const other = await request(ctx.http)
      .get(`/api/v1/refunds/${theirs.id}`)
      .set('Authorization', jpUser)
      .expect(404);
    expect(other.body.code).toBe('not_found');
    await request(ctx.http)
      .get(`/api/v1/refunds/${mine.id}`)
      .set('Authorization', usUser)
      .expect(404);
    // Staff read them all.
    for (const auth of [finance.auth, approver, officer.auth, auditor]) {
      const ids = (await list(auth)).body.data.map((r: { id: string }) => r.id);
      expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    }
  });

  it('lists by status and city, newest first, a page at a time', async () => {
    const partner = await createPartnership(ctx);
    const other = await createApprovedAward(ctx, { partnership: partner });
    const made: Refund[] = [];
    for (const amountMinor of [1_000, 2_000, 3_000]) {
      made.push(
        await insertRefund(ctx, {
          awardId: other.awardId,
          cityId: partner.jpCityId,
          side: 'JP',
          currency: 'JPY',
          amountMinor,
          createdBy: officer.user.id,
        }),
      );
    }
    await receive(made[0].id, receipt(1_000)).expect(200);
    const page = (query: string) =>
      request(ctx.http)
        .get(`/api/v1/refunds?${query}`)
        .set('Authorization', finance.auth)
        .expect(200);
    const due = await page(`cityId=${partner.jpCityId}&status=due&limit=1`);
    expect(due.body.data.map((r: { id: string }) => r.id)).toEqual([made[2].id]);
    const next = await page(
      `cityId=${partner.jpCityId}&status=due&limit=1&cursor=${due.body.nextCursor}`,
    );
    expect(next.body.data.map((r: { id: string }) => r.id)).toEqual([made[1].id]);
    expect(next.body.nextCursor).toBeNull();
    const received = await page(`awardId=${other.awardId}&status=received`);
    expect(received.body.data.map((r: { id: string }) => r.id)).toEqual([made[0].id]);
    await request(ctx.http)
      .get('/api/v1/refunds?status=paid')
      .set('Authorization', finance.auth)
      .expect(400);
    await request(ctx.http)
      .get('/api/v1/refunds?cityId=nope')
      .set('Authorization', finance.auth)
      .expect(400);
  });

  it('honours If-Match: a stale ETag is 412 and changes nothing', async () => {
    const refund = await jpRefund();
    await receive(refund.id, receipt(1)).set('If-Match', '"1"').expect(200);
    const stale = await receive(refund.id, receipt(1)).set('If-Match', '"1"').expect(412);
    expect(stale.body.code).toBe('precondition_failed');
    await post(`/refunds/${refund.id}/cancel`, officer.auth, { reason: 'x' })
      .set('If-Match', '"1"')
      .expect(412);
    expect(await rowOf(refund.id)).toMatchObject({ receivedMinor: 1, status: 'due', version: 2 });
  });

  it('takes one receipt at a time: concurrent receipts never pass the amount', async () => {
    const refund = await jpRefund(10_000);
    const committed = (await roundBudget(ctx, roundId, 'JPY')).committedMinor;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => receive(refund.id, receipt(4_000, `WIRE-${i}`))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status === 422)).toHaveLength(4);
    expect(await rowOf(refund.id)).toMatchObject({ receivedMinor: 8_000, status: 'due' });
    expect((await roundBudget(ctx, roundId, 'JPY')).committedMinor).toBe(committed - 8_000);
  });
});
