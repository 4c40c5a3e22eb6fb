import { createHash } from 'node:crypto';
import request from 'supertest';
import { routingCheckDigit } from '../src/payment-runs/nacha';
import { createTestApp, eventually, TestContext } from './support/app';
import { bearer, createCity, createPartnership } from './support/factories';

/**
 * The whole grant, over HTTP only, as the README's curl flow walks it: a round opens, two sister
 * cities apply together and co-sign, a reviewer scores, an officer approves, a city enters its
 * bank account, finance requests and approves the payout, and the worker writes the NACHA file.
 * Each module has its own suite; this one proves they fit together.
 */
describe('grant lifecycle, end to end', () => {
  let ctx: TestContext;
  const auth: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    const yokohama = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Yokohama',
      nameJa: '横浜市',
      region: 'JP-14',
      timezone: 'Asia/Tokyo',
    });
    const sanDiego = await createCity(ctx, {
      country: 'US',
      nameEn: 'San Diego',
      region: 'US-CA',
      timezone: 'America/Los_Angeles',
    });
    await createPartnership(ctx, yokohama, sanDiego);
    const users = {
      officer: { role: 'program_officer' },
      yokohama: { role: 'city_user', cityId: yokohama.id, locale: 'ja' },
      sandiego: { role: 'city_user', cityId: sanDiego.id },
      reviewer: { role: 'reviewer', country: 'US', region: 'US-WA' },
      finance: { role: 'finance_officer' },
      approver: { role: 'finance_approver' },
    } as const;
    for (const [name, options] of Object.entries(users)) {
      auth[name] = (await bearer(ctx, options)).auth;
    }
  });
  afterAll(() => ctx.close());

  const as = (who: string) => ({
    get: (url: string) => request(ctx.http).get(`/api/v1${url}`).set('Authorization', auth[who]),
    post: (url: string, body?: object) =>
      request(ctx.http)
        .post(`/api/v1${url}`)
        .set('Authorization', auth[who])
        .send(body ?? {}),
    put: (url: string, body: object) =>
      request(ctx.http).put(`/api/v1${url}`).set('Authorization', auth[who]).send(body),
  });

  it('goes from an open round to a paid-out NACHA file and a released final tranche', async () => {
    const round = await as('officer')
      .post('/rounds', {
        code: 'LIFECYCLE-1',
        title: { en: 'Spring 2027', ja: '2027年春募集' },
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
        budgets: [
          { currency: 'USD', amountMinor: 5_000_000 },
          { currency: 'JPY', amountMinor: 7_500_000 },
        ],
        maxAward: [
          { currency: 'USD', amountMinor: 1_000_000 },
          { currency: 'JPY', amountMinor: 1_500_000 },
        ],
        rubric: [{ key: 'impact', label: { en: 'Impact', ja: '効果' }, weight: 2, maxScore: 5 }],
        reviewersPerApplication: 1,
        trancheSchedule: [
          { key: 'advance', percent: 60, releaseOn: 'award' },
          { key: 'final', percent: 40, releaseOn: 'final_report_accepted' },
        ],
        reportsRequired: [{ kind: 'final', dueOn: '2030-12-31' }],
      })
      .expect(201);
    await as('officer').post(`/rounds/${round.body.id}/open`).expect(200);

    const partnership = (await as('yokohama').get('/partnerships').expect(200)).body.data[0];
    const draft = await as('yokohama')
      .post('/applications', {
        roundId: round.body.id,
        partnershipId: partnership.id,
        title: { en: 'Youth port-city exchange', ja: '港町青少年交流' },
        summary: { en: 'Students from both ports', ja: '両港の学生交流' },
        startsOn: '2027-06-01',
        endsOn: '2027-09-30',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 800_000,
            currency: 'JPY',
          },
          {
            side: 'US',
            category: 'venue',
            description: 'Hall',
            amountMinor: 450_000,
            currency: 'USD',
          },
        ],
      })
      .expect(201);
    const application = draft.body.id as string;
    const sign = { contentHash: draft.body.contentHash };
    expect((await as('yokohama').post(`/applications/${application}/sign`, sign)).body.status).toBe(
      'awaiting_cosign',
    );
    expect((await as('sandiego').post(`/applications/${application}/sign`, sign)).body.status).toBe(
      'submitted',
    );

    const assigned = await as('officer')
      .post(`/rounds/${round.body.id}/assignments/auto`)
      .expect(200);
    expect(assigned.body.created).toBe(1);
    const assignment = (await as('reviewer').get('/assignments').expect(200)).body.data[0];
    await as('reviewer')
      .put(`/assignments/${assignment.id}/review`, {
        scores: { impact: 4 },
        comment: 'Strong plan',
        recommendation: 'fund',
      })
      .expect(200);
    await as('reviewer').post(`/assignments/${assignment.id}/review/submit`).expect(200);
    const ranking = await as('officer').get(`/rounds/${round.body.id}/ranking`).expect(200);
    expect(ranking.body.data).toEqual([
      expect.objectContaining({ applicationId: application, rank: 1, reviewsSubmitted: 1 }),
    ]);

    const decision = await as('officer')
      .post(`/applications/${application}/decision`, {
        outcome: 'approved',
        rationale: 'Fits the programme',
        awards: [
          { side: 'JP', currency: 'JPY', amountMinor: 800_000 },
          { side: 'US', currency: 'USD', amountMinor: 450_000 },
        ],
      })
      .expect(201);
    const awardId = decision.body.award.id as string;
    const award = (await as('officer').get(`/awards/${awardId}`).expect(200)).body;
    const usAdvance = award.disbursements.find(
      (d: { side: string; tranche: string }) => d.side === 'US' && d.tranche === 'advance',
    );
    expect(usAdvance).toMatchObject({ currency: 'USD', amountMinor: 270_000, status: 'scheduled' });

    const me = (await as('sandiego').get('/me').expect(200)).body;
    const payee = await as('sandiego')
      .post('/payee-accounts', {
        cityId: me.cityId,
        rail: 'ach',
        routingNumber: '121000248',
        accountNumber: '000123456789',
        accountType: 'checking',
        holderName: 'CITY OF SAN DIEGO',
      })
      .expect(201);
    expect(JSON.stringify(payee.body)).not.toContain('000123456789');
    await as('finance').post(`/payee-accounts/${payee.body.id}/verify`).expect(200);
    await as('finance')
      .post(`/disbursements/${usAdvance.id}/request`, { payeeAccountId: payee.body.id })
      .expect(200);
    const approved = await as('approver')
      .post(`/disbursements/${usAdvance.id}/approve`)
      .expect(200);
    expect(approved.body.status).toBe('approved');

    const today = new Date().toISOString().slice(0, 10);
    const run = await as('finance')
      .post('/payment-runs', { rail: 'ach', executionDate: today })
      .expect(202);
    const done = await eventually(async () => {
      const res = await as('finance').get(`/payment-runs/${run.body.id}`);
      return ['completed', 'failed'].includes(res.body.status) ? res.body : null;
    }, 20_000);
    expect(done).toMatchObject({ status: 'completed', entryCount: 1, totalMinor: 270_000 });

    const file = await as('finance')
      .get(`/payment-runs/${run.body.id}/file`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = file.body as Buffer;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.fileSha256);
    const entry = bytes
      .toString('ascii')
      .split('\n')
      .find((line) => line.startsWith('6'))!;
    expect(entry.slice(1, 3)).toBe('22'); // checking credit
    expect(entry.slice(3, 11)).toBe('12100024');
    expect(entry.slice(11, 12)).toBe(String(routingCheckDigit('12100024')));
    expect(entry.slice(12, 29).trim()).toBe('000123456789');
    expect(Number(entry.slice(29, 39))).toBe(270_000);

    const sent = (await as('finance').get(`/disbursements/${usAdvance.id}`).expect(200)).body;
    expect(sent.status).toBe('sent');
    await as('finance')
      .post(`/disbursements/${usAdvance.id}/settle`, { result: 'paid', bankReference: 'ACH-1' })
      .expect(200);

    // The final US tranche waits for San Diego's final report: not requestable until accepted.
    const usFinal = award.disbursements.find(
      (d: { side: string; tranche: string }) => d.side === 'US' && d.tranche === 'final',
    );
    expect(usFinal).toMatchObject({ amountMinor: 180_000, status: 'on_hold' });
    const requestFinal = () =>
      as('finance').post(`/disbursements/${usFinal.id}/request`, { payeeAccountId: payee.body.id });
    expect((await requestFinal()).status).toBe(409);
    const report = await as('sandiego')
      .post(`/awards/${awardId}/reports`, {
        kind: 'final',
        side: 'US',
        narrative: { en: 'Forty students crossed the Pacific.' },
        expenses: [
          { category: 'venue', description: 'Hall', amountMinor: 450_000, currency: 'USD' },
        ],
      })
      .expect(201);
    await as('sandiego').post(`/reports/${report.body.id}/submit`).expect(200);
    await as('officer').post(`/reports/${report.body.id}/accept`).expect(200);
    const released = (await requestFinal().expect(200)).body;
    expect(released).toMatchObject({ id: usFinal.id, status: 'pending_approval' });
    const verify = (
      await request(ctx.http)
        .get('/api/v1/audit-events/verify')
        .set('Authorization', (await bearer(ctx, { role: 'auditor' })).auth)
        .expect(200)
    ).body;
    expect(verify).toMatchObject({ valid: true, firstBrokenAt: null });
  });
});
