import request from 'supertest';
import { eventually, type TestContext } from './app';
import { binary } from './http';
import { bearer, createCity, createPartnership } from './factories';

/** Who walks a grant: the office, the two sister cities, a reviewer, finance. */
export const CAST = {
  officer: { role: 'program_officer' },
  yokohama: { role: 'city_user', locale: 'ja' },
  sandiego: { role: 'city_user' },
  reviewer: { role: 'reviewer', country: 'US', region: 'US-WA' },
  finance: { role: 'finance_officer' },
  approver: { role: 'finance_approver' },
  auditor: { role: 'auditor' },
  admin: { role: 'admin' },
} as const;
export type Role = keyof typeof CAST;

/** A request as one of the cast, against an in-process server or a URL (a load balancer). */
export type As = (who: Role) => {
  get: (url: string) => request.Test;
  post: (url: string, body?: object) => request.Test;
  put: (url: string, body: object) => request.Test;
  upload: (url: string, bytes: Buffer, fileName: string) => request.Test;
};

export interface Cast {
  as: As;
  cityIds: { jp: string; us: string };
}

/**
 * Yokohama and San Diego, sister cities, and a user for each part of the cast (the cities' users
 * of their own city), signed in with tokens; `target` is what requests go to.
 */
export async function castOf(
  ctx: TestContext,
  target: Parameters<typeof request>[0] = ctx.http,
): Promise<Cast> {
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
  const cityOf: Partial<Record<Role, string>> = { yokohama: yokohama.id, sandiego: sanDiego.id };
  const auth = {} as Record<Role, string>;
  for (const [who, options] of Object.entries(CAST) as [Role, (typeof CAST)[Role]][]) {
    auth[who] = (await bearer(ctx, { ...options, cityId: cityOf[who] })).auth;
  }
  const as: As = (who) => ({
    get: (url) => request(target).get(`/api/v1${url}`).set('Authorization', auth[who]),
    post: (url, body) =>
      request(target)
        .post(`/api/v1${url}`)
        .set('Authorization', auth[who])
        .send(body ?? {}),
    put: (url, body) =>
      request(target).put(`/api/v1${url}`).set('Authorization', auth[who]).send(body),
    upload: (url, bytes, fileName) =>
      request(target)
        .post(`/api/v1${url}`)
        .set('Authorization', auth[who])
        .attach('file', bytes, fileName),
  });
  return { as, cityIds: { jp: yokohama.id, us: sanDiego.id } };
}

export interface AwardedGrant {
  roundId: string;
  applicationId: string;
  awardId: string;
  /** The award as `GET /awards/:id` answered right after the decision. */
  award: {
    disbursements: {
      id: string;
      side: string;
      tranche: string;
      currency: string;
      amountMinor: number;
      status: string;
    }[];
  };
}

/**
 * The first half of the grant, over HTTP only, as the README's curl flow walks it: the officer
 * creates and opens a round (USD and JPY budgets, one criterion, 60/40 tranches, a final report),
 * Yokohama drafts the joint application (¥800,000 for the JP side, $4,500.00 for the US side) and
 * both cities sign it, it is auto-assigned, the reviewer scores it, the officer ranks and approves
 * it in full. Each step's outcome is checked.
 */
export async function walkToAward(as: As, roundCode: string): Promise<AwardedGrant> {
  const round = await as('officer')
    .post('/rounds', {
      code: roundCode,
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
  const roundId = round.body.id as string;
  await as('officer').post(`/rounds/${roundId}/open`).expect(200);

  const partnership = (await as('yokohama').get('/partnerships').expect(200)).body.data[0];
  const draft = await as('yokohama')
    .post('/applications', {
      roundId,
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
  const applicationId = draft.body.id as string;
  const sign = { contentHash: draft.body.contentHash };
  const first = await as('yokohama').post(`/applications/${applicationId}/sign`, sign).expect(200);
  expect(first.body.status).toBe('awaiting_cosign');
  const second = await as('sandiego').post(`/applications/${applicationId}/sign`, sign).expect(200);
  expect(second.body.status).toBe('submitted');

  const assigned = await as('officer').post(`/rounds/${roundId}/assignments/auto`).expect(200);
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
  const ranking = await as('officer').get(`/rounds/${roundId}/ranking`).expect(200);
  expect(ranking.body.data).toEqual([
    expect.objectContaining({ applicationId, rank: 1, reviewsSubmitted: 1 }),
  ]);

  const decision = await as('officer')
    .post(`/applications/${applicationId}/decision`, {
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
  return { roundId, applicationId, awardId, award };
}

/** San Diego's ACH account, entered by the city and verified by finance. */
export async function sanDiegoAccount(as: As, cityId: string): Promise<string> {
  const payee = await as('sandiego')
    .post('/payee-accounts', {
      cityId,
      rail: 'ach',
      routingNumber: '121000248',
      accountNumber: '000123456789',
      accountType: 'checking',
      holderName: 'CITY OF SAN DIEGO',
    })
    .expect(201);
  expect(JSON.stringify(payee.body)).not.toContain('000123456789');
  await as('finance').post(`/payee-accounts/${payee.body.id}/verify`).expect(200);
  return payee.body.id as string;
}

/** What a payment run left: its summary once finished, and the bank file it wrote. */
export interface FinishedRun {
  run: { id: string; status: string; entryCount: number; totalMinor: number; fileSha256: string };
  file: Buffer;
}

/**
 * A scheduled disbursement paid through the maker–checker: finance requests it to the account,
 * the approver approves, finance starts today's run of the rail; the run's summary and file once
 * done.
 */
export async function payInRun(
  as: As,
  disbursementId: string,
  payeeAccountId: string,
  rail: 'ach' | 'zengin' = 'ach',
): Promise<FinishedRun> {
  await as('finance')
    .post(`/disbursements/${disbursementId}/request`, { payeeAccountId })
    .expect(200);
  const approved = await as('approver')
    .post(`/disbursements/${disbursementId}/approve`)
    .expect(200);
  expect(approved.body.status).toBe('approved');

  const today = new Date().toISOString().slice(0, 10);
  const started = await as('finance')
    .post('/payment-runs', { rail, executionDate: today })
    .expect(202);
  const run = await eventually(
    async () => {
      const res = await as('finance').get(`/payment-runs/${started.body.id}`);
      return ['completed', 'failed'].includes(res.body.status) ? res.body : null;
    },
    20_000,
    'the payment run',
  );
  const file = await as('finance')
    .get(`/payment-runs/${started.body.id}/file`)
    .buffer(true)
    .parse(binary)
    .expect(200);
  return { run, file: file.body as Buffer };
}
