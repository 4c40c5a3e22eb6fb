import request from 'supertest';
import type { Expense } from '../../src/grantee-reports/grantee-report.entity';
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
