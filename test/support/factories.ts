import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  Application,
  ApplicationStatus,
  BudgetLine,
} from '../../src/applications/application.entity';
import type { Role } from '../../src/auth/roles';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import type { Currency } from '../../src/common/money/money';
import type { Expense } from '../../src/grantee-reports/grantee-report.entity';
import { City } from '../../src/partnerships/city.entity';
import { PayeeAccount } from '../../src/payees/payee-account.entity';
import { accountNumberContext } from '../../src/payees/payee-accounts.service';
import { Partnership } from '../../src/partnerships/partnership.entity';
import { Assignment } from '../../src/reviews/assignment.entity';
import { RoundBudget } from '../../src/rounds/round-budget.entity';
import { Round, RoundStatus } from '../../src/rounds/round.entity';
import { User } from '../../src/users/user.entity';
import { hashPassword } from '../../src/users/password';
import request from 'supertest';
import { eventually, type TestContext } from './app';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

export interface UserOptions {
  role?: Role;
  email?: string;
  displayName?: string;
  cityId?: string | null;
  locale?: 'en' | 'ja';
  country?: 'JP' | 'US' | null;
  region?: string | null;
  affiliations?: string[];
  active?: boolean;
}

/** A user straight in the database (password TEST_PASSWORD), e.g. `await createUser(ctx, { role: 'auditor' })`. */
export async function createUser(ctx: TestContext, options: UserOptions = {}): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const role = options.role ?? 'admin';
  const repo = ctx.db.getRepository(User);
  return repo.save(
    repo.create({
      email: options.email ?? `${role}.${unique()}@test.example`,
      passwordHash: await passwordHash,
      displayName: options.displayName ?? `Test ${role}`,
      role,
      locale: options.locale ?? 'en',
      cityId: options.cityId ?? null,
      country: options.country ?? null,
      region: options.region ?? null,
      affiliations: options.affiliations ?? [],
      active: options.active ?? true,
    }),
  );
}

/** A valid access token for `user`, without a login round trip. */
export function tokenFor(ctx: TestContext, user: Pick<User, 'id'>): string {
  return ctx.api.get(JwtService).sign({ sub: user.id, typ: 'access' });
}

/** `Authorization` header value for a fresh user of `role`. */
export async function bearer(ctx: TestContext, options: UserOptions = {}) {
  const user = await createUser(ctx, options);
  return { user, auth: `Bearer ${tokenFor(ctx, user)}` };
}

/**
 * Changes a user's role behind the API's back (as an operator or another process would) and waits
 * until the API sees it: each API process caches principals and drops one on PostgreSQL's
 * notification of its change, a millisecond or so after the commit.
 */
export async function changeRoleElsewhere(
  ctx: TestContext,
  user: Pick<User, 'id'>,
  role: Role,
): Promise<void> {
  await ctx.db.query('UPDATE users SET role = $2 WHERE id = $1', [user.id, role]);
  const me = () =>
    request(ctx.http)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${tokenFor(ctx, user)}`);
  await eventually(async () => (await me()).body.role === role, 2_000, `the API to see ${role}`);
}

export async function createCity(
  ctx: TestContext,
  options: Partial<Pick<City, 'country' | 'nameEn' | 'nameJa' | 'region' | 'timezone'>> = {},
): Promise<City> {
  const country = options.country ?? 'JP';
  const repo = ctx.db.getRepository(City);
  return repo.save(
    repo.create({
      country,
      nameEn: options.nameEn ?? `City ${unique()}`,
      nameJa: options.nameJa ?? null,
      region: options.region ?? (country === 'JP' ? 'JP-13' : 'US-CA'),
      timezone: options.timezone ?? (country === 'JP' ? 'Asia/Tokyo' : 'America/Los_Angeles'),
    }),
  );
}

export async function createPartnership(
  ctx: TestContext,
  jpCity?: City,
  usCity?: City,
): Promise<Partnership> {
  const jp = jpCity ?? (await createCity(ctx, { country: 'JP' }));
  const us = usCity ?? (await createCity(ctx, { country: 'US' }));
  const repo = ctx.db.getRepository(Partnership);
  return repo.save(
    repo.create({
      jpCityId: jp.id,
      usCityId: us.id,
      establishedOn: '1957-01-01',
      status: 'active',
    }),
  );
}

export interface RoundOptions {
  status?: RoundStatus;
  code?: string;
  opensAt?: Date;
  closesAt?: Date;
  /** Per currency: budget and maximum award, in minor units. */
  budgets?: { currency: Currency; amountMinor: number; maxAwardMinor: number }[];
  reviewersPerApplication?: number;
}

/**
 * A round straight in the database, open by default (opened an hour ago, closing in a week),
 * with USD and JPY budgets, a two-criterion rubric and a 50/50 tranche schedule.
 */
export async function createRound(ctx: TestContext, options: RoundOptions = {}): Promise<Round> {
  const now = Date.now();
  const repo = ctx.db.getRepository(Round);
  const round = await repo.save(
    repo.create({
      code: options.code ?? `R-${unique()}`,
      title: { en: 'Test round', ja: 'テストラウンド' },
      opensAt: options.opensAt ?? new Date(now - 3600_000),
      closesAt: options.closesAt ?? new Date(now + 7 * 86400_000),
      rubric: [
        { key: 'impact', label: { en: 'Impact', ja: '効果' }, weight: 2, maxScore: 5 },
        { key: 'feasibility', label: { en: 'Feasibility', ja: '実現性' }, weight: 1, maxScore: 5 },
      ],
      reviewersPerApplication: options.reviewersPerApplication ?? 3,
      trancheSchedule: [
        { key: 'first', percent: 50, releaseOn: 'award' },
        { key: 'final', percent: 50, releaseOn: 'final_report_accepted' },
      ],
      reportsRequired: [{ kind: 'final', dueOn: '2027-12-31' }],
      status: options.status ?? 'open',
    }),
  );
  const budgets = options.budgets ?? [
    { currency: 'USD', amountMinor: 10_000_000, maxAwardMinor: 1_000_000 },
    { currency: 'JPY', amountMinor: 15_000_000, maxAwardMinor: 1_500_000 },
  ];
  await ctx.db.getRepository(RoundBudget).insert(budgets.map((b) => ({ roundId: round.id, ...b })));
  return round;
}

export interface ApplicationOptions {
  status?: ApplicationStatus;
  title?: { en: string; ja: string };
  budgetLines?: BudgetLine[];
  createdBy?: string;
}

/**
 * An application straight in the database (no signatures, no transitions), e.g. one already
 * `submitted` or `in_review` for the review and award flows. Default budget: US side USD 5,000.00
 * and JP side ¥500,000.
 */
export async function createApplication(
  ctx: TestContext,
  round: Pick<Round, 'id'>,
  partnership: Pick<Partnership, 'id' | 'jpCityId' | 'usCityId'>,
  options: ApplicationOptions = {},
): Promise<Application> {
  const repo = ctx.db.getRepository(Application);
  const status = options.status ?? 'submitted';
  return repo.save(
    repo.create({
      roundId: round.id,
      partnershipId: partnership.id,
      jpCityId: partnership.jpCityId,
      usCityId: partnership.usCityId,
      status,
      title: options.title ?? { en: `Exchange ${unique()}`, ja: '交流事業' },
      summary: { en: 'Student exchange', ja: '学生交流' },
      startsOn: '2027-04-01',
      endsOn: '2027-09-30',
      budgetLines: options.budgetLines ?? [
        {
          side: 'US',
          category: 'travel',
          description: 'Flights',
          amountMinor: 500_000,
          currency: 'USD',
        },
        {
          side: 'JP',
          category: 'venue',
          description: 'Hall',
          amountMinor: 500_000,
          currency: 'JPY',
        },
      ],
      contentHash: '0'.repeat(64),
      createdBy: options.createdBy ?? randomUUID(),
      submittedAt: ['draft', 'awaiting_cosign'].includes(status) ? null : new Date(),
    }),
  );
}

export interface ApprovedAwardOptions {
  partnership: Pick<Partnership, 'id' | 'jpCityId' | 'usCityId'>;
  title?: { en: string; ja: string };
  /** Each side's budget line and award, in minor units: JP in yen, US in dollar cents. */
  amounts?: { JP: number; US: number };
  /** Whose submitted review the decision counts; a new reviewer by default. */
  reviewer?: Pick<User, 'id'>;
  /** Who decides, over the API; a new program officer by default. */
  officer?: Pick<User, 'id'>;
}

/**
 * An approved award: a round of its own (one application per partnership and round) needing one
 * review, the partnership's application `in_review` with one submitted review (both straight in
 * the database), then the program office's approval over the API, which creates the award and its
 * tranches: with `createRound`'s schedule, half of each side `scheduled` on award and half held
 * until the final report is accepted. Default: JP ¥800,000 and US $4,500.50, asked and awarded.
 */
export async function createApprovedAward(
  ctx: TestContext,
  options: ApprovedAwardOptions,
): Promise<{ awardId: string; round: Round; application: Application }> {
  const { JP, US } = options.amounts ?? { JP: 800_000, US: 450_050 };
  const round = await createRound(ctx, { reviewersPerApplication: 1 });
  const application = await createApplication(ctx, round, options.partnership, {
    status: 'in_review',
    title: options.title,
    budgetLines: [
      { side: 'JP', category: 'venue', description: 'Hall', amountMinor: JP, currency: 'JPY' },
      { side: 'US', category: 'travel', description: 'Flights', amountMinor: US, currency: 'USD' },
    ],
  });
  const reviewer = options.reviewer ?? (await createUser(ctx, { role: 'reviewer', country: 'US' }));
  await ctx.db.getRepository(Assignment).insert({
    applicationId: application.id,
    roundId: round.id,
    reviewerId: reviewer.id,
    status: 'submitted',
    source: 'manual',
    assignedBy: null,
    assignedAt: new Date(),
    submittedAt: new Date(),
  });
  const officer = options.officer ?? (await createUser(ctx, { role: 'program_officer' }));
  const decided = await request(ctx.http)
    .post(`/api/v1/applications/${application.id}/decision`)
    .set('Authorization', `Bearer ${tokenFor(ctx, officer)}`)
    .send({
      outcome: 'approved',
      rationale: 'Strong and feasible',
      awards: [
        { side: 'JP', currency: 'JPY', amountMinor: JP },
        { side: 'US', currency: 'USD', amountMinor: US },
      ],
    })
    .expect(201);
  return { awardId: decided.body.award.id as string, round, application };
}

export interface ReportBody {
  kind?: 'interim' | 'final';
  side?: 'JP' | 'US' | 'joint';
  narrative: { en?: string; ja?: string };
  expenses?: Expense[];
}

/**
 * A grantee report of `awardId` written and submitted over the API by `author`, a user of the
 * award's city (a final joint report unless `report` says otherwise); its id.
 */
export async function createSubmittedReport(
  ctx: TestContext,
  awardId: string,
  author: Pick<User, 'id'>,
  report: ReportBody,
): Promise<string> {
  const auth = `Bearer ${tokenFor(ctx, author)}`;
  const created = await request(ctx.http)
    .post(`/api/v1/awards/${awardId}/reports`)
    .set('Authorization', auth)
    .send({ kind: 'final', side: 'joint', ...report })
    .expect(201);
  const id = created.body.id as string;
  await request(ctx.http)
    .post(`/api/v1/reports/${id}/submit`)
    .set('Authorization', auth)
    .expect(200);
  return id;
}

/** The account numbers `createPayeeAccount` stores (encrypted), for reading them back in files. */
export const PAYEE_NUMBERS = { ach: '55501234567890', zengin: '3141592' } as const;

/**
 * A payee account of `cityId` straight in the database, its number encrypted as the service
 * does: verified (by `verifiedBy`, another user than `enteredBy`) unless `status` says otherwise.
 */
export async function createPayeeAccount(
  ctx: TestContext,
  cityId: string,
  rail: 'ach' | 'zengin',
  people: { enteredBy: string; verifiedBy: string | null; status?: PayeeAccount['status'] },
): Promise<PayeeAccount> {
  const id = randomUUID();
  const number = PAYEE_NUMBERS[rail];
  const status = people.status ?? 'verified';
  const repo = ctx.db.getRepository(PayeeAccount);
  await repo.insert({
    id,
    cityId,
    rail,
    accountType: rail === 'ach' ? 'checking' : 'ordinary',
    routingNumber: rail === 'ach' ? '011000015' : null,
    bankCode: rail === 'zengin' ? '0001' : null,
    branchCode: rail === 'zengin' ? '001' : null,
    holderName: rail === 'ach' ? 'CITY TREASURER' : 'ﾅｶﾞｻｷｼ',
    accountNumberEncrypted: ctx.api.get(FieldEncryption).encrypt(number, accountNumberContext(id)),
    accountNumberLast4: number.slice(-4),
    status,
    enteredBy: people.enteredBy,
    verifiedBy: status === 'verified' ? people.verifiedBy : null,
    verifiedAt: status === 'verified' ? new Date() : null,
  });
  return repo.findOneByOrFail({ id });
}

/**
 * Money paid out of `round` in `currency`, straight in the database: an approved application of
 * a new partnership, its award of `amountMinor` (the side paid in that currency) and one `paid`
 * disbursement of all of it. What the budget view's "paid out" sums.
 */
export async function insertPaidOut(
  ctx: TestContext,
  round: Pick<Round, 'id'>,
  currency: Currency,
  amountMinor: number,
): Promise<{ awardId: string; disbursementId: string }> {
  const partnership = await createPartnership(ctx);
  const side = currency === 'JPY' ? 'JP' : 'US';
  const application = await createApplication(ctx, round, partnership, { status: 'approved' });
  const [award] = (await ctx.db.query(
    `INSERT INTO awards (application_id, round_id, partnership_id, jp_city_id, us_city_id, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      application.id,
      round.id,
      partnership.id,
      partnership.jpCityId,
      partnership.usCityId,
      randomUUID(),
    ],
  )) as { id: string }[];
  await ctx.db.query(
    `INSERT INTO award_lines (award_id, side, currency, amount_minor) VALUES ($1, $2, $3, $4)`,
    [award.id, side, currency, amountMinor],
  );
  const [disbursement] = (await ctx.db.query(
    `INSERT INTO disbursements (award_id, tranche_key, tranche_index, release_on, side, currency,
                                amount_minor, status, settled_at, bank_reference, version)
     VALUES ($1, 'advance', 0, 'award', $2, $3, $4, 'paid', now(), 'EARLIER', 1) RETURNING id`,
    [award.id, side, currency, amountMinor],
  )) as { id: string }[];
  return { awardId: award.id, disbursementId: disbursement.id };
}
