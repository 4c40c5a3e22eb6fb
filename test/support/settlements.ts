import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import type { Expense } from '../../src/grantee-reports/grantee-report.entity';
import { PayeeAccount } from '../../src/payees/payee-account.entity';
import { accountNumberContext } from '../../src/payees/payee-accounts.service';
import type { SettlementRule } from '../../src/rounds/round.entity';
import type { User } from '../../src/users/user.entity';
import type { TestContext } from './app';
import {
  createApprovedAward,
  createPartnership,
  createSubmittedReport,
  createUser,
  tokenFor,
} from './factories';

/** A JPY or USD expense line of a grantee report. */
export const jpy = (category: string, amountMinor: number): Expense => ({
  category,
  description: `${category} (JPY)`,
  amountMinor,
  currency: 'JPY',
});
export const usd = (category: string, amountMinor: number): Expense => ({
  category,
  description: `${category} (USD)`,
  amountMinor,
  currency: 'USD',
});

export interface SettlingAward {
  awardId: string;
  roundId: string;
  jpCityId: string;
  usCityId: string;
  /** A city user of the JP city (wrote the report). */
  jpUser: User;
  reportId: string | null;
}

/**
 * An award ready to settle: `createApprovedAward` (JP ¥800,000 for `venue`, US $4,500.50 for
 * `travel`, each in two tranches of half, the second held until the final report), the round's
 * settlement rules set, and a final report with `expenses` written by the JP city (the US city
 * for a US report), submitted and
 * (unless `accept: false`) accepted by `officer` — which releases the held tranches.
 */
export async function settlingAward(
  ctx: TestContext,
  officer: Pick<User, 'id'>,
  options: {
    expenses?: Expense[];
    rules?: SettlementRule[];
    side?: 'JP' | 'US' | 'joint';
    report?: 'accepted' | 'submitted' | 'none';
  } = {},
): Promise<SettlingAward> {
  const partnership = await createPartnership(ctx);
  const { awardId, round } = await createApprovedAward(ctx, { partnership, officer });
  if (options.rules) {
    await ctx.db.query('UPDATE rounds SET settlement_rules = $2 WHERE id = $1', [
      round.id,
      JSON.stringify(options.rules),
    ]);
  }
  const jpUser = await createUser(ctx, { role: 'city_user', cityId: partnership.jpCityId });
  let reportId: string | null = null;
  if ((options.report ?? 'accepted') !== 'none') {
    // A side's report is its own city's to write; a joint one either city's.
    const author =
      options.side === 'US'
        ? await createUser(ctx, { role: 'city_user', cityId: partnership.usCityId })
        : jpUser;
    reportId = await createSubmittedReport(ctx, awardId, author, {
      side: options.side ?? 'joint',
      narrative: { en: 'Done', ja: '完了' },
      expenses: options.expenses ?? [],
    });
    if ((options.report ?? 'accepted') === 'accepted') {
      await request(ctx.http)
        .post(`/api/v1/reports/${reportId}/accept`)
        .set('Authorization', `Bearer ${tokenFor(ctx, officer)}`)
        .expect(200);
    }
  }
  return {
    awardId,
    roundId: round.id,
    jpCityId: partnership.jpCityId,
    usCityId: partnership.usCityId,
    jpUser,
    reportId,
  };
}

/** A verified payee account of `cityId` straight in the database, encrypted as the service does. */
export async function verifiedAccount(
  ctx: TestContext,
  cityId: string,
  rail: 'ach' | 'zengin',
  users: { enteredBy: string; verifiedBy: string },
): Promise<PayeeAccount> {
  const id = randomUUID();
  const number = rail === 'ach' ? '55501234567890' : '3141592';
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
    status: 'verified',
    enteredBy: users.enteredBy,
    verifiedBy: users.verifiedBy,
    verifiedAt: new Date(),
  });
  return repo.findOneByOrFail({ id });
}

/** Marks a disbursement paid straight in the database (an earlier payout, already settled). */
export async function markPaid(
  ctx: TestContext,
  awardId: string,
  side: 'JP' | 'US',
  tranche: string,
) {
  const [row] = (await ctx.db.query(
    `UPDATE disbursements SET status = 'paid', settled_at = now(), bank_reference = 'EARLIER'
      WHERE award_id = $1 AND side = $2 AND tranche_key = $3 RETURNING id, amount_minor`,
    [awardId, side, tranche],
  )) as [{ id: string; amount_minor: number }[], number];
  return row[0];
}
