import { createTestApp, eventually, TestContext } from './support/app';
import { type As, type Cast, castOf, payInRun, sanDiegoAccount } from './support/grant-walk';
import { binary } from './support/http';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

interface WebhookBody {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** The smallest valid PDF: what a scanned letter or receipt is checked as (magic bytes). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** The events after the award an integrator subscribes to (and no other reaches it). */
const FOLLOWED = [
  'amendment.recorded',
  'amendment.requested',
  'amendment.approved',
  'settlement.confirmed',
  'refund.due',
  'refund.received',
] as const;

/**
 * After the award, over HTTP only (issue 17): a letter of support the co-signature covers, a
 * budget move recorded and an extension approved (three versions of the award), final reports
 * with receipts, 額の確定 per side under the round's rules (Yokohama's balance paid out through
 * maker–checker and a Zengin run; San Diego owes back what its advance paid over the confirmed
 * amount, is held until finance records the refund), the budget view counting it back, the award
 * closed, and the award register and the 360Giving export carrying it all.
 */
describe('after the award, end to end', () => {
  let ctx: TestContext;
  let as: As;
  let cityIds: Cast['cityIds'];
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    ({ as, cityIds } = await castOf(ctx));
    // An integrator (the cities' own systems, a transparency portal) follows what happens.
    receiver = await startWebhookReceiver();
    await as('admin')
      .post('/webhooks', { url: receiver.url, events: [...FOLLOWED], description: 'ledger' })
      .expect(201);
  });
  afterAll(async () => {
    await receiver?.close();
    await ctx?.close();
  });

  /** Request → approve → payment run → settled paid: the payout path every balance takes. */
  async function payOut(disbursementId: string, payeeAccountId: string, rail: 'ach' | 'zengin') {
    const { run } = await payInRun(as, disbursementId, payeeAccountId, rail);
    expect(run.status).toBe('completed');
    await as('finance')
      .post(`/disbursements/${disbursementId}/settle`, {
        result: 'paid',
        bankReference: `B-${disbursementId.slice(0, 8)}`,
      })
      .expect(200);
  }

  /** Yokohama's Zengin account (full-width kana, converted), verified by finance. */
  async function yokohamaAccount(): Promise<string> {
    const account = await as('yokohama')
      .post('/payee-accounts', {
        cityId: cityIds.jp,
        rail: 'zengin',
        bankCode: '0001',
        branchCode: '001',
        accountType: 'ordinary',
        accountNumber: '1234567',
        holderNameKana: 'ヨコハマシ',
      })
      .expect(201);
    await as('finance').post(`/payee-accounts/${account.body.id}/verify`).expect(200);
    return account.body.id as string;
  }

  async function exported(type: string, format: 'csv' | 'json', roundId: string) {
    const accepted = await as('officer').post('/exports', { type, format, roundId }).expect(202);
    await eventually(
      async () =>
        (await as('officer').get(`/exports/${accepted.body.id}`)).body.status === 'completed',
      15_000,
      `export ${type}`,
    );
    const file = await as('officer')
      .get(`/exports/${accepted.body.id}/download`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    return (file.body as Buffer).toString('utf8');
  }

  it('amends, settles each side under the round’s rules, pays the balance, recovers the excess', async () => {
    const round = await as('officer')
      .post('/rounds', {
        code: 'AFTER-1',
        title: { en: 'Autumn 2027', ja: '2027年秋募集' },
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
        budgets: [
          { currency: 'USD', amountMinor: 5_000_000 },
          { currency: 'JPY', amountMinor: 10_000_000 },
        ],
        maxAward: [
          { currency: 'USD', amountMinor: 1_000_000 },
          { currency: 'JPY', amountMinor: 2_000_000 },
        ],
        rubric: [{ key: 'impact', label: { en: 'Impact', ja: '効果' }, weight: 1, maxScore: 5 }],
        reviewersPerApplication: 1,
        trancheSchedule: [
          { key: 'advance', percent: 50, releaseOn: 'award' },
          { key: 'final', percent: 50, releaseOn: 'final_report_accepted' },
        ],
        reportsRequired: [{ kind: 'final', dueOn: '2030-12-31' }],
        settlementRules: [
          { currency: 'JPY', subsidyRateBp: 10_000, roundingUnitMinor: 1_000 },
          { currency: 'USD', subsidyRateBp: 8_000, roundingUnitMinor: 1 },
        ],
        amendmentApprovalPercent: 20,
      })
      .expect(201);
    const roundId = round.body.id as string;
    await as('officer').post(`/rounds/${roundId}/open`).expect(200);

    // The application, with a letter of support the co-signature covers.
    const partnership = (await as('yokohama').get('/partnerships').expect(200)).body.data[0];
    const draft = await as('yokohama')
      .post('/applications', {
        roundId,
        partnershipId: partnership.id,
        title: { en: 'Harbour festival exchange', ja: '港まつり交流' },
        summary: { en: 'Two harbour festivals', ja: '二つの港まつり' },
        startsOn: '2027-06-01',
        endsOn: '2027-09-30',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 600_000,
            currency: 'JPY',
          },
          {
            side: 'JP',
            category: 'venue',
            description: 'Hall',
            amountMinor: 400_000,
            currency: 'JPY',
          },
          {
            side: 'US',
            category: 'venue',
            description: 'Pier',
            amountMinor: 400_000,
            currency: 'USD',
          },
          {
            side: 'US',
            category: 'materials',
            description: 'Banners',
            amountMinor: 100_000,
            currency: 'USD',
          },
        ],
      })
      .expect(201);
    const applicationId = draft.body.id as string;
    const letter = await as('yokohama')
      .upload(`/applications/${applicationId}/documents?kind=letter_of_support`, PDF, 'letter.pdf')
      .expect(201);
    expect(letter.body).toMatchObject({
      contentType: 'application/pdf',
      kind: 'letter_of_support',
    });
    const withLetter = (await as('yokohama').get(`/applications/${applicationId}`).expect(200))
      .body;
    expect(withLetter.contentHash).not.toBe(draft.body.contentHash);
    const sign = { contentHash: withLetter.contentHash };
    await as('yokohama').post(`/applications/${applicationId}/sign`, sign).expect(200);
    await as('sandiego').post(`/applications/${applicationId}/sign`, sign).expect(200);

    await as('officer').post(`/rounds/${roundId}/assignments/auto`).expect(200);
    const assignment = (await as('reviewer').get('/assignments').expect(200)).body.data[0];
    await as('reviewer')
      .put(`/assignments/${assignment.id}/review`, {
        scores: { impact: 5 },
        comment: 'Good',
        recommendation: 'fund',
      })
      .expect(200);
    await as('reviewer').post(`/assignments/${assignment.id}/review/submit`).expect(200);
    const decision = await as('officer')
      .post(`/applications/${applicationId}/decision`, {
        outcome: 'approved',
        rationale: 'Fits the programme',
        awards: [
          { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
          { side: 'US', currency: 'USD', amountMinor: 500_000 },
        ],
      })
      .expect(201);
    const awardId = decision.body.award.id as string;

    // Both advances paid: ¥500,000 over Zengin, $2,500.00 over ACH.
    const tranches = (await as('finance').get(`/awards/${awardId}`).expect(200)).body
      .disbursements as {
      id: string;
      side: string;
      tranche: string;
    }[];
    const tranche = (side: string, key: string) =>
      tranches.find((d) => d.side === side && d.tranche === key)!;
    const jpAccount = await yokohamaAccount();
    await payOut(tranche('JP', 'advance').id, jpAccount, 'zengin');
    await payOut(tranche('US', 'advance').id, await sanDiegoAccount(as, cityIds.us), 'ach');

    // 変更: a 10 % move is recorded at once; an extension waits for the officer.
    const move = await as('yokohama')
      .post(`/awards/${awardId}/amendments`, {
        kind: 'budget_move',
        changes: {
          moves: [
            {
              side: 'JP',
              currency: 'JPY',
              fromCategory: 'travel',
              toCategory: 'venue',
              amountMinor: 100_000,
            },
          ],
        },
        reason: { ja: '会場費の増加' },
      })
      .expect(201);
    expect(move.body).toMatchObject({ status: 'recorded', resultingVersion: 2 });
    const extension = await as('sandiego')
      .post(`/awards/${awardId}/amendments`, {
        kind: 'no_cost_extension',
        changes: { endsOn: '2027-12-31' },
        reason: { en: 'The festival moved to November' },
      })
      .expect(201);
    expect(extension.body.status).toBe('requested');
    await as('officer')
      .post(`/amendments/${extension.body.id}/approve`, { note: 'Agreed' })
      .expect(200);
    const versions = (await as('officer').get(`/awards/${awardId}/versions`).expect(200)).body.data;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    const current = versions[2];
    expect(current.endsOn).toBe('2027-12-31');
    expect(current.budgetLines).toEqual(
      expect.arrayContaining([
        { side: 'JP', category: 'travel', currency: 'JPY', amountMinor: 500_000 },
        { side: 'JP', category: 'venue', currency: 'JPY', amountMinor: 500_000 },
      ]),
    );

    // 実績報告 with receipts: Yokohama overspent the venue (counted up to its budget).
    const jpReport = await as('yokohama')
      .post(`/awards/${awardId}/reports`, {
        kind: 'final',
        side: 'JP',
        narrative: { ja: '二つの港まつりを実施しました。' },
        expenses: [
          { category: 'travel', description: '航空券', amountMinor: 480_000, currency: 'JPY' },
          { category: 'venue', description: '会場費', amountMinor: 512_345, currency: 'JPY' },
        ],
      })
      .expect(201);
    await as('yokohama')
      .upload(`/reports/${jpReport.body.id}/documents?kind=receipt`, PDF, 'receipts.pdf')
      .expect(201);
    const usReport = await as('sandiego')
      .post(`/awards/${awardId}/reports`, {
        kind: 'final',
        side: 'US',
        narrative: { en: 'One pier festival, smaller than planned.' },
        expenses: [
          { category: 'venue', description: 'Pier', amountMinor: 200_000, currency: 'USD' },
          { category: 'materials', description: 'Banners', amountMinor: 50_000, currency: 'USD' },
        ],
      })
      .expect(201);
    for (const [who, report] of [
      ['yokohama', jpReport],
      ['sandiego', usReport],
    ] as const) {
      await as(who).post(`/reports/${report.body.id}/submit`).expect(200);
      await as('officer').post(`/reports/${report.body.id}/accept`).expect(200);
    }

    // 額の確定, JP: eligible ¥480,000 + ¥500,000 at 100 %, to the ¥1,000 → ¥980,000; ¥480,000 to pay.
    const jp = await as('officer')
      .post(`/awards/${awardId}/settlements`, { side: 'JP' })
      .expect(201);
    expect(jp.body).toMatchObject({
      status: 'draft',
      eligibleMinor: 980_000,
      confirmedMinor: 980_000,
    });
    const jpConfirmed = await as('officer').post(`/settlements/${jp.body.id}/confirm`).expect(200);
    expect(jpConfirmed.body).toMatchObject({
      status: 'confirmed',
      paidMinor: 500_000,
      balanceMinor: 480_000,
      balanceDisbursementId: expect.any(String),
    });
    const afterJp = (await as('finance').get(`/awards/${awardId}`).expect(200)).body.disbursements;
    expect(afterJp.find((d: { id: string }) => d.id === tranche('JP', 'final').id).status).toBe(
      'cancelled',
    );
    await payOut(jpConfirmed.body.balanceDisbursementId, jpAccount, 'zengin');

    // 額の確定, US: $2,500.00 spent at 80 % → $2,000.00; the advance paid $2,500.00 → $500.00 back.
    const us = await as('officer')
      .post(`/awards/${awardId}/settlements`, { side: 'US' })
      .expect(201);
    const usConfirmed = await as('officer').post(`/settlements/${us.body.id}/confirm`).expect(200);
    expect(usConfirmed.body).toMatchObject({
      confirmedMinor: 200_000,
      paidMinor: 250_000,
      balanceMinor: -50_000,
      refundId: expect.any(String),
    });
    const refundId = usConfirmed.body.refundId as string;
    const held = (await as('finance').get(`/cities/${cityIds.us}/holds`).expect(200)).body;
    expect(held).toMatchObject({
      held: true,
      reasons: [expect.objectContaining({ code: 'refund_due' })],
    });
    expect((await as('finance').get(`/cities/${cityIds.jp}/holds`).expect(200)).body.held).toBe(
      false,
    );
    expect((await as('finance').get(`/awards/${awardId}`).expect(200)).body.status).toBe('closed');

    // 返還: finance records the money back; the hold lifts and the budget counts it back.
    await as('finance')
      .post(`/refunds/${refundId}/receive`, {
        amountMinor: 50_000,
        receivedOn: new Date().toISOString().slice(0, 10),
        bankReference: 'WIRE-IN-1',
      })
      .expect(200);
    expect((await as('sandiego').get(`/refunds/${refundId}`).expect(200)).body.status).toBe(
      'received',
    );
    expect((await as('finance').get(`/cities/${cityIds.us}/holds`).expect(200)).body.held).toBe(
      false,
    );
    const budget = (await as('officer').get(`/rounds/${roundId}/budget`).expect(200)).body;
    const row = (currency: string) =>
      budget.budgets.find((r: { currency: string }) => r.currency === currency);
    expect(row('JPY')).toMatchObject({ committedMinor: 980_000, disbursedMinor: 980_000 });
    expect(row('USD')).toMatchObject({
      committedMinor: 200_000,
      refundedMinor: 50_000,
      refundsDueMinor: 0,
    });

    // The register and the 360Giving export carry the confirmed amounts, the refund, the amendments.
    const register = await exported('award_register', 'csv', roundId);
    const [header, ...lines] = register.trim().split(/\r?\n/);
    const columns = header.split(',');
    const records = lines.map((l) =>
      Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])),
    );
    const registerRow = (side: string) => records.find((r) => r.side === side)!;
    expect(registerRow('JP')).toMatchObject({
      confirmed_minor: '980000',
      amendments: '2',
      award_status: 'closed',
    });
    expect(registerRow('US')).toMatchObject({ confirmed_minor: '200000', refunded_minor: '50000' });
    const giving = JSON.parse(await exported('threesixty_giving', 'json', roundId)) as {
      grants: { id: string; currency: string; amountAwarded: number; relatedActivity?: string[] }[];
    };
    const jpGrant = giving.grants.find((g) => g.currency === 'JPY')!;
    const usGrant = giving.grants.find((g) => g.currency === 'USD')!;
    expect(jpGrant.amountAwarded).toBe(980_000);
    expect(usGrant.amountAwarded).toBe(2000);
    expect(jpGrant.relatedActivity).toContain(usGrant.id);

    // The integrator heard of each step, once; each event carries what it is about.
    const bodies = await eventually(
      async () => {
        const got = receiver.received.map((r) => JSON.parse(r.body) as WebhookBody);
        const types = new Set(got.map((b) => b.type));
        return FOLLOWED.every((t) => types.has(t)) && got.length >= 7 ? got : null;
      },
      15_000,
      'the webhooks after the award',
    );
    const data = (type: string) => bodies.filter((b) => b.type === type).map((b) => b.data);
    expect(bodies.map((b) => b.type).sort()).toEqual([...FOLLOWED, 'settlement.confirmed'].sort());
    expect(data('amendment.recorded')).toEqual([
      expect.objectContaining({ amendmentId: move.body.id, awardId, resultingVersion: 2 }),
    ]);
    expect(data('amendment.requested')).toEqual([
      expect.objectContaining({ amendmentId: extension.body.id, status: 'requested' }),
    ]);
    expect(data('amendment.approved')).toEqual([
      expect.objectContaining({ amendmentId: extension.body.id, resultingVersion: 3 }),
    ]);
    expect(data('settlement.confirmed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ side: 'JP', currency: 'JPY', confirmedMinor: 980_000 }),
        expect.objectContaining({ side: 'US', balanceMinor: -50_000, refundId }),
      ]),
    );
    expect(data('refund.due')).toEqual([
      expect.objectContaining({ refundId, currency: 'USD', amountMinor: 50_000 }),
    ]);
    expect(data('refund.received')).toEqual([
      expect.objectContaining({ refundId, receivedNowMinor: 50_000, status: 'received' }),
    ]);

    const verify = (await as('auditor').get('/audit-events/verify').expect(200)).body;
    expect(verify).toMatchObject({ valid: true, firstBrokenAt: null });
  });
});
