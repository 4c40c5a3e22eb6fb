import { trimRate } from '../awards/fx';
import { isCurrency, toMajorString } from '../common/money/money';
import type { ExportType } from './export.entity';

/** A value as it goes into a CSV field or an XLSX cell. */
export type Cell = string | number | Date | null;
/** A row as the export's query returns it (snake_case columns). */
export type SqlRow = Record<string, unknown>;

export interface ExportColumn {
  header: string;
  /** XLSX column width in characters. */
  width: number;
  value: (row: SqlRow) => Cell;
}

/**
 * One export type: ONE query with the aggregates done in SQL, read through a cursor, and the
 * columns that turn each row into a line of the file. `$1` is the round id (null for every round).
 */
export interface ExportDefinition {
  /** round_summary and reviewer_workload describe one round; the others may span all rounds. */
  needsRound: boolean;
  sheetName: string;
  sql: string;
  columns: ExportColumn[];
}

const text = (key: string) => (row: SqlRow) => (row[key] ?? null) as string | null;
const num = (key: string) => (row: SqlRow) =>
  row[key] === null || row[key] === undefined ? null : Number(row[key]);
const instant = (key: string) => (row: SqlRow) => (row[key] as Date | null) ?? null;

/** Major units as an exact decimal string ("1234.56", "150000"), beside the minor-unit integer. */
const major =
  (amountKey: string, currencyKey = 'currency') =>
  (row: SqlRow): string | null => {
    const amount = row[amountKey];
    const currency = row[currencyKey];
    if (typeof amount !== 'number' || !isCurrency(currency)) return null;
    return toMajorString({ amountMinor: amount, currency });
  };

const col = (header: string, value: ExportColumn['value'], width = 14): ExportColumn => ({
  header,
  value,
  width,
});

/**
 * Sections as rows: counts by status, by prefecture and by state, requested / awarded / disbursed
 * per currency, the round's USD total at each award's recorded rate, then one score line per
 * application. Requested counts applications once submitted (not drafts, not withdrawn).
 * The USD total sums `awards.usd_total_minor`, which the decision computed with the rate of its
 * day; awards whose JPY part had no rate are counted on their own line and never summed in.
 */
const ROUND_SUMMARY_SQL = `
WITH app AS (
  SELECT id, status, jp_city_id, us_city_id, budget_lines, title
    FROM applications WHERE round_id = $1
), aw AS (
  SELECT id, usd_total_minor FROM awards WHERE round_id = $1
), review AS (
  SELECT application_id,
         count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
         avg(weighted_score) FILTER (WHERE status = 'submitted') AS avg_score
    FROM assignments WHERE round_id = $1 GROUP BY application_id
), summary AS (
  SELECT 1 AS ord, 'status' AS section, status AS key, NULL::text AS label, NULL::text AS status,
         NULL::text AS currency, count(*)::int AS count, NULL::bigint AS amount_minor,
         NULL::float8 AS avg_score
    FROM app GROUP BY status
  UNION ALL
  SELECT 2, 'jp_prefecture', c.region, NULL, NULL, NULL, count(*)::int, NULL, NULL
    FROM app JOIN cities c ON c.id = app.jp_city_id GROUP BY c.region
  UNION ALL
  SELECT 3, 'us_state', c.region, NULL, NULL, NULL, count(*)::int, NULL, NULL
    FROM app JOIN cities c ON c.id = app.us_city_id GROUP BY c.region
  UNION ALL
  SELECT 4, 'requested', line->>'currency', NULL, NULL, line->>'currency',
         count(DISTINCT app.id)::int, sum((line->>'amountMinor')::bigint)::bigint, NULL
    FROM app CROSS JOIN LATERAL jsonb_array_elements(app.budget_lines) AS line
   WHERE app.status NOT IN ('draft', 'awaiting_cosign', 'withdrawn')
   GROUP BY line->>'currency'
  UNION ALL
  SELECT 5, 'awarded', l.currency, NULL, NULL, l.currency, count(DISTINCT l.award_id)::int,
         sum(l.amount_minor)::bigint, NULL
    FROM aw JOIN award_lines l ON l.award_id = aw.id GROUP BY l.currency
  UNION ALL
  SELECT 6, 'disbursed', d.currency, NULL, NULL, d.currency, count(*)::int,
         sum(d.amount_minor)::bigint, NULL
    FROM aw JOIN disbursements d ON d.award_id = aw.id AND d.status = 'paid' GROUP BY d.currency
  UNION ALL
  SELECT 7, 'usd_total', 'at_award_rates', NULL, NULL, 'USD', count(usd_total_minor)::int,
         COALESCE(sum(usd_total_minor), 0)::bigint, NULL
    FROM aw
  UNION ALL
  SELECT 8, 'usd_total', 'awards_without_rate', NULL, NULL, NULL,
         count(*) FILTER (WHERE usd_total_minor IS NULL)::int, NULL, NULL
    FROM aw
)
SELECT section, key, label, status, currency, count, amount_minor, avg_score FROM (
  SELECT * FROM summary
  UNION ALL
  SELECT 9, 'score', app.id::text, COALESCE(app.title->>'en', app.title->>'ja'), app.status, NULL,
         COALESCE(review.submitted, 0), NULL, round(review.avg_score::numeric, 4)::float8
    FROM app LEFT JOIN review ON review.application_id = app.id
) AS rows
ORDER BY ord, avg_score DESC NULLS LAST, key`;

/** One row per award line, with the award's rate and USD total repeated beside it. */
const AWARD_REGISTER_SQL = `
SELECT a.id AS award_id, r.code AS round_code, a.application_id,
       COALESCE(ap.title->>'en', ap.title->>'ja') AS application_title,
       jp.name_en AS jp_city, jp.region AS jp_region, us.name_en AS us_city, us.region AS us_region,
       l.side, l.currency, l.amount_minor, a.fx_rate_jpy_per_usd::text AS fx_rate,
       a.fx_rate_effective_on::text AS fx_rate_effective_on, a.usd_total_minor,
       'USD' AS usd_currency, a.created_at AS decided_at
  FROM awards a
  JOIN award_lines l ON l.award_id = a.id
  JOIN rounds r ON r.id = a.round_id
  JOIN applications ap ON ap.id = a.application_id
  JOIN cities jp ON jp.id = a.jp_city_id
  JOIN cities us ON us.id = a.us_city_id
 WHERE $1::uuid IS NULL OR a.round_id = $1
 ORDER BY a.created_at, a.id, l.side, l.currency`;

/**
 * One row per disbursement. The payee account appears only masked (its last four digits): the
 * encrypted number is never selected.
 */
const DISBURSEMENT_LEDGER_SQL = `
SELECT d.id AS disbursement_id, d.award_id, r.code AS round_code, d.tranche_key,
       d.tranche_index, d.side, d.currency, d.amount_minor, d.status, d.payment_run_id,
       pr.execution_date::text AS execution_date, d.sent_at, d.settled_at, d.bank_reference,
       pa.rail AS payee_rail,
       CASE WHEN pa.id IS NULL THEN NULL ELSE '•••• ' || pa.account_number_last4 END AS payee_account
  FROM disbursements d
  JOIN awards a ON a.id = d.award_id
  JOIN rounds r ON r.id = a.round_id
  LEFT JOIN payment_runs pr ON pr.id = d.payment_run_id
  LEFT JOIN payee_accounts pa ON pa.id = d.payee_account_id
 WHERE $1::uuid IS NULL OR a.round_id = $1
 ORDER BY a.created_at, d.award_id, d.tranche_index, d.side`;

/** Per reviewer in the round: everything assigned, how it ended, and their average score. */
const REVIEWER_WORKLOAD_SQL = `
SELECT u.id AS reviewer_id, u.display_name, u.country,
       count(*)::int AS assigned,
       count(*) FILTER (WHERE a.status = 'submitted')::int AS submitted,
       count(*) FILTER (WHERE a.status = 'declined')::int AS declined,
       count(*) FILTER (WHERE a.status = 'assigned')::int AS open,
       round((avg(a.weighted_score) FILTER (WHERE a.status = 'submitted'))::numeric, 4)::float8
         AS avg_weighted_score,
       max(a.submitted_at) AS last_submitted_at
  FROM assignments a
  JOIN users u ON u.id = a.reviewer_id
 WHERE a.round_id = $1
 GROUP BY u.id
 ORDER BY u.display_name, u.id`;

export const EXPORT_DEFINITIONS: Record<ExportType, ExportDefinition> = {
  round_summary: {
    needsRound: true,
    sheetName: 'Round summary',
    sql: ROUND_SUMMARY_SQL,
    columns: [
      col('section', text('section')),
      col('key', text('key'), 38),
      col('label', text('label'), 40),
      col('status', text('status')),
      col('currency', text('currency'), 9),
      col('count', num('count'), 9),
      col('amount_minor', num('amount_minor'), 16),
      col('amount', major('amount_minor'), 16),
      col('avg_weighted_score', num('avg_score'), 12),
    ],
  },
  award_register: {
    needsRound: false,
    sheetName: 'Award register',
    sql: AWARD_REGISTER_SQL,
    columns: [
      col('award_id', text('award_id'), 38),
      col('round_code', text('round_code')),
      col('application_id', text('application_id'), 38),
      col('application_title', text('application_title'), 40),
      col('jp_city', text('jp_city'), 20),
      col('jp_prefecture', text('jp_region'), 10),
      col('us_city', text('us_city'), 20),
      col('us_state', text('us_region'), 10),
      col('side', text('side'), 6),
      col('currency', text('currency'), 9),
      col('amount_minor', num('amount_minor'), 16),
      col('amount', major('amount_minor'), 16),
      col('fx_rate_jpy_per_usd', (row) => (row.fx_rate ? trimRate(row.fx_rate as string) : null)),
      col('fx_rate_effective_on', text('fx_rate_effective_on'), 12),
      col('award_usd_total_minor', num('usd_total_minor'), 16),
      col('award_usd_total', major('usd_total_minor', 'usd_currency'), 16),
      col('decided_at', instant('decided_at'), 24),
    ],
  },
  disbursement_ledger: {
    needsRound: false,
    sheetName: 'Disbursement ledger',
    sql: DISBURSEMENT_LEDGER_SQL,
    columns: [
      col('disbursement_id', text('disbursement_id'), 38),
      col('award_id', text('award_id'), 38),
      col('round_code', text('round_code')),
      col('tranche', text('tranche_key')),
      col('tranche_index', num('tranche_index'), 8),
      col('side', text('side'), 6),
      col('currency', text('currency'), 9),
      col('amount_minor', num('amount_minor'), 16),
      col('amount', major('amount_minor'), 16),
      col('status', text('status'), 16),
      col('payment_run_id', text('payment_run_id'), 38),
      col('execution_date', text('execution_date'), 12),
      col('sent_at', instant('sent_at'), 24),
      col('settled_at', instant('settled_at'), 24),
      col('bank_reference', text('bank_reference'), 20),
      col('payee_rail', text('payee_rail'), 8),
      col('payee_account', text('payee_account'), 12),
    ],
  },
  reviewer_workload: {
    needsRound: true,
    sheetName: 'Reviewer workload',
    sql: REVIEWER_WORKLOAD_SQL,
    columns: [
      col('reviewer_id', text('reviewer_id'), 38),
      col('reviewer', text('display_name'), 30),
      col('country', text('country'), 8),
      col('assigned', num('assigned'), 9),
      col('submitted', num('submitted'), 9),
      col('declined', num('declined'), 9),
      col('open', num('open'), 9),
      col('avg_weighted_score', num('avg_weighted_score'), 12),
      col('last_submitted_at', instant('last_submitted_at'), 24),
    ],
  },
};
