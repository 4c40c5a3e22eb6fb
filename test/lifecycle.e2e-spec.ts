import { createHash } from 'node:crypto';
import { routingCheckDigit } from '../src/payment-runs/nacha';
import { createTestApp, TestContext } from './support/app';
import {
  type As,
  type Cast,
  castOf,
  payInRun,
  sanDiegoAccount,
  walkToAward,
} from './support/grant-walk';

/**
 * The whole grant, over HTTP only, as the README's curl flow walks it: a round opens, two sister
 * cities apply together and co-sign, a reviewer scores, an officer approves, a city enters its
 * bank account, finance requests and approves the payout, and the worker writes the NACHA file.
 * Each module has its own suite; this one proves they fit together.
 */
describe('grant lifecycle, end to end', () => {
  let ctx: TestContext;
  let as: As;
  let cityIds: Cast['cityIds'];

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    ({ as, cityIds } = await castOf(ctx));
  });
  afterAll(() => ctx.close());

  it('goes from an open round to a paid-out NACHA file and a released final tranche', async () => {
    const { awardId, award } = await walkToAward(as, 'LIFECYCLE-1');
    const usAdvance = award.disbursements.find((d) => d.side === 'US' && d.tranche === 'advance')!;
    expect(usAdvance).toMatchObject({ currency: 'USD', amountMinor: 270_000, status: 'scheduled' });

    const payeeAccountId = await sanDiegoAccount(as, cityIds.us);
    const { run: done, file: bytes } = await payInRun(as, usAdvance.id, payeeAccountId);
    expect(done).toMatchObject({ status: 'completed', entryCount: 1, totalMinor: 270_000 });
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
    const usFinal = award.disbursements.find((d) => d.side === 'US' && d.tranche === 'final')!;
    expect(usFinal).toMatchObject({ amountMinor: 180_000, status: 'on_hold' });
    const requestFinal = () =>
      as('finance').post(`/disbursements/${usFinal.id}/request`, { payeeAccountId });
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
    const verify = (await as('auditor').get('/audit-events/verify').expect(200)).body;
    expect(verify).toMatchObject({ valid: true, firstBrokenAt: null });
  });
});
