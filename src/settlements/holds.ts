import type { EntityManager } from 'typeorm';
import type { Side } from '../applications/application.entity';
import type { Role } from '../auth/roles';
import { AppError } from '../common/errors/app-error';
import { type Currency, formatMoney } from '../common/money/money';

export const HOLD_CODES = ['refund_due', 'report_overdue'] as const;
export type HoldCode = (typeof HOLD_CODES)[number];

/** Who reads a city's holds: finance, the program office, the auditor, admin and the city's users. */
export const HOLD_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
];

/** One reason a city's payouts are held. */
export interface PayoutHoldReason {
  code: HoldCode;
  awardId: string;
  /** The side of the award the city is. */
  side: Side;
  /** When the refund fell due, or when the report was due. */
  dueOn: string;
  /** refund_due: the refund, what is still outstanding of it and its currency. */
  refundId?: string;
  outstandingMinor?: number;
  currency?: Currency;
  /** report_overdue: the report's kind, and the late report when one was started. */
  reportKind?: 'interim' | 'final';
  reportId?: string;
  /** The reason in English, e.g. `refund of JPY 50,000 due since 2026-12-01`. */
  detail: string;
}

export interface PayoutHold {
  held: boolean;
  reasons: PayoutHoldReason[];
}

/** One row of HOLDS_SQL. */
export interface HoldRow {
  city_id: string;
  code: HoldCode;
  award_id: string;
  side: Side;
  due_on: string;
  refund_id: string | null;
  outstanding: number | string | null;
  currency: Currency | null;
  report_kind: 'interim' | 'final' | null;
  report_id: string | null;
}

/**
 * Every reason to hold the payouts of the cities `$1` on the UTC day `$2`, in one statement:
 * - a refund of the city still `due` (of any award, whatever its status);
 * - of an `active` award where the city is a side: a report of its side (or joint) still with the
 *   grantee (draft, changes requested) that the overdue job marked late and whose due date passed;
 * - or a report the award's terms in force require (the award version's `reports_required`, the
 *   round's for an award without versions) past its due date with no report of that kind for the
 *   city's side (or joint) submitted or accepted.
 */
const HOLDS_SQL = `
  WITH city_awards AS MATERIALIZED (
    SELECT a.id AS award_id, a.round_id, a.current_version, a.jp_city_id AS city_id,
           'JP'::varchar AS side
      FROM awards a WHERE a.jp_city_id = ANY($1::uuid[]) AND a.status = 'active'
    UNION ALL
    SELECT a.id, a.round_id, a.current_version, a.us_city_id, 'US'::varchar
      FROM awards a WHERE a.us_city_id = ANY($1::uuid[]) AND a.status = 'active'
  )
  SELECT r.city_id, 'refund_due' AS code, r.award_id, r.side::varchar AS side,
         to_char(r.due_on, 'YYYY-MM-DD') AS due_on, r.id AS refund_id,
         (r.amount_minor - r.received_minor)::bigint AS outstanding, r.currency::varchar AS currency,
         NULL::varchar AS report_kind, NULL::uuid AS report_id
    FROM refunds r
   WHERE r.city_id = ANY($1::uuid[]) AND r.status = 'due'
  UNION ALL
  SELECT ca.city_id, 'report_overdue', ca.award_id, ca.side, to_char(g.due_on, 'YYYY-MM-DD'),
         NULL, NULL, NULL, g.kind, g.id
    FROM city_awards ca
    JOIN grantee_reports g ON g.award_id = ca.award_id AND g.side IN (ca.side, 'joint')
   WHERE g.status IN ('draft', 'changes_requested') AND g.overdue_at IS NOT NULL
     AND g.due_on < $2::date
  UNION ALL
  SELECT ca.city_id, 'report_overdue', ca.award_id, ca.side, to_char(rr."dueOn", 'YYYY-MM-DD'),
         NULL, NULL, NULL, rr.kind, NULL
    FROM city_awards ca
    JOIN rounds rd ON rd.id = ca.round_id
    LEFT JOIN award_versions v ON v.award_id = ca.award_id AND v.version = ca.current_version
   CROSS JOIN LATERAL jsonb_to_recordset(COALESCE(v.reports_required, rd.reports_required))
         AS rr(kind varchar, "dueOn" date)
   WHERE rr."dueOn" < $2::date
     AND NOT EXISTS (
           SELECT 1 FROM grantee_reports g
            WHERE g.award_id = ca.award_id AND g.kind = rr.kind AND g.side IN (ca.side, 'joint')
              AND g.status IN ('submitted', 'accepted'))
   ORDER BY 1, 5, 2, 3`;

const REPORT_WORDS = { interim: 'interim', final: 'final' } as const;

/**
 * The hold reasons per city from HOLDS_SQL's rows: a refund once each; a late report once per
 * award and kind (a late draft and the open required slot it would fill are one reason; the
 * draft's id is kept). Rows come sorted by city and due date, so reasons are in due-date order.
 */
export function collectHolds(cityIds: readonly string[], rows: readonly HoldRow[], today: string) {
  const holds = new Map<string, PayoutHoldReason[]>(cityIds.map((id) => [id, []]));
  const reportReasons = new Map<string, PayoutHoldReason>();
  for (const row of rows) {
    const reasons = holds.get(row.city_id) ?? [];
    holds.set(row.city_id, reasons);
    if (row.code === 'refund_due') {
      const outstanding = Number(row.outstanding);
      const currency = row.currency!;
      reasons.push({
        code: 'refund_due',
        awardId: row.award_id,
        side: row.side,
        dueOn: row.due_on,
        refundId: row.refund_id!,
        outstandingMinor: outstanding,
        currency,
        // Held from the day it is found, not only once its due date passes.
        detail: `refund of ${formatMoney({ amountMinor: outstanding, currency })} due ${row.due_on > today ? 'by' : 'since'} ${row.due_on}`,
      });
      continue;
    }
    const kind = row.report_kind!;
    const key = `${row.city_id}|${row.award_id}|${kind}`;
    const known = reportReasons.get(key);
    if (known) {
      if (!known.reportId && row.report_id) known.reportId = row.report_id;
      continue;
    }
    const reason: PayoutHoldReason = {
      code: 'report_overdue',
      awardId: row.award_id,
      side: row.side,
      dueOn: row.due_on,
      reportKind: kind,
      ...(row.report_id ? { reportId: row.report_id } : {}),
      detail: `the ${REPORT_WORDS[kind]} report due ${row.due_on} is overdue`,
    };
    reportReasons.set(key, reason);
    reasons.push(reason);
  }
  return holds;
}

/** `YYYY-MM-DD` of the UTC day: report due dates are UTC days (as the overdue job reads them). */
export const utcToday = (now = new Date()) => now.toISOString().slice(0, 10);

/**
 * Why each of `cityIds` has its payouts held (an empty list: not held), in one query for all of
 * them — a page of disbursements asks once, never per city.
 */
export async function payoutHolds(
  manager: EntityManager,
  cityIds: readonly string[],
  now = new Date(),
): Promise<Map<string, PayoutHoldReason[]>> {
  const ids = [...new Set(cityIds)];
  if (!ids.length) return new Map();
  const today = utcToday(now);
  const rows = (await manager.query(HOLDS_SQL, [ids, today])) as HoldRow[];
  return collectHolds(ids, rows, today);
}

export const holdOf = (reasons: readonly PayoutHoldReason[] | undefined): PayoutHold => ({
  held: !!reasons?.length,
  reasons: [...(reasons ?? [])],
});

/** The refusal's detail: `Payouts to Yokohama are held: refund of JPY 50,000 due since …; …`. */
export const heldDetail = (cityName: string, reasons: readonly PayoutHoldReason[]) =>
  `Payouts to ${cityName} are held: ${reasons.map((r) => r.detail).join('; ')}`;

/**
 * 422 rule_violation when the city's payouts are held (a refund due, an overdue report), naming
 * every reason. Runs in the caller's transaction, so a refusal changes nothing.
 */
export async function assertPayoutsNotHeld(manager: EntityManager, cityId: string): Promise<void> {
  const reasons = (await payoutHolds(manager, [cityId])).get(cityId) ?? [];
  if (!reasons.length) return;
  const [city] = (await manager.query('SELECT name_en FROM cities WHERE id = $1', [cityId])) as {
    name_en: string;
  }[];
  throw new AppError('rule_violation', heldDetail(city?.name_en ?? cityId, reasons));
}
