import request from 'supertest';
import type { TestContext } from './app';
import { bearer, createApprovedAward, createPartnership } from './factories';

/**
 * An approved award (JP ¥1,000,000 in `venue`, US $5,000.00 in `travel`, the round's default
 * 20 % approval share) with a city user of each of its cities and a program officer.
 */
export async function awardForAmendments(
  ctx: TestContext,
  amounts: { JP: number; US: number } = { JP: 1_000_000, US: 500_000 },
) {
  const partnership = await createPartnership(ctx);
  const officer = await bearer(ctx, { role: 'program_officer' });
  const { awardId, round, application } = await createApprovedAward(ctx, {
    partnership,
    amounts,
    officer: officer.user,
  });
  const jp = await bearer(ctx, { role: 'city_user', cityId: partnership.jpCityId });
  const us = await bearer(ctx, { role: 'city_user', cityId: partnership.usCityId });
  return { awardId, round, application, partnership, officer: officer.auth, jp, us };
}

/** A budget move of the JP side (yen) from `from` to `to`. */
export const jpMove = (amountMinor: number, from = 'venue', to = 'printing') => ({
  side: 'JP',
  currency: 'JPY',
  fromCategory: from,
  toCategory: to,
  amountMinor,
});

export const REASON = { en: 'Prices changed', ja: '価格が変わりました' };

export function requestAmendment(ctx: TestContext, awardId: string, auth: string, body: object) {
  return request(ctx.http)
    .post(`/api/v1/awards/${awardId}/amendments`)
    .set('Authorization', auth)
    .send({ reason: REASON, ...body });
}

export function actOnAmendment(
  ctx: TestContext,
  id: string,
  action: 'approve' | 'decline' | 'withdraw',
  auth: string,
  body: object = {},
) {
  return request(ctx.http)
    .post(`/api/v1/amendments/${id}/${action}`)
    .set('Authorization', auth)
    .send(body);
}

/** What the database holds of an award's amendments and versions (to check a refusal changed nothing). */
export async function amendmentState(ctx: TestContext, awardId: string) {
  const [award] = (await ctx.db.query(
    'SELECT current_version AS "currentVersion" FROM awards WHERE id = $1',
    [awardId],
  )) as { currentVersion: number }[];
  const amendments = (await ctx.db.query(
    `SELECT id, status, resulting_version AS "resultingVersion", version FROM award_amendments
      WHERE award_id = $1 ORDER BY created_at, id`,
    [awardId],
  )) as { id: string; status: string; resultingVersion: number | null; version: number }[];
  const versions = (await ctx.db.query(
    'SELECT version, budget_lines AS "budgetLines" FROM award_versions WHERE award_id = $1 ORDER BY version',
    [awardId],
  )) as { version: number; budgetLines: unknown }[];
  return { currentVersion: award.currentVersion, amendments, versions };
}

/** The actions of the audit events recorded for `entityId`, oldest first. */
export async function auditActions(ctx: TestContext, entityId: string): Promise<string[]> {
  const rows = (await ctx.db.query(
    'SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at, id',
    [entityId],
  )) as { action: string }[];
  return rows.map((r) => r.action);
}
