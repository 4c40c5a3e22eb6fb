import { trimRate } from '../awards/fx';
import { isCurrency, toMajorString } from '../common/money/money';
import type { ExportFormat, ExportType } from './export.entity';

/** A value as it goes into a CSV field or an XLSX cell. */
export type Cell = string | number | Date | null;
/** A row as the export's query returns it (snake_case columns). */
export type SqlRow = Record<string, unknown>;

/** Settings a definition may need beside the row (from the environment). */
export interface ExportContext {
  giving360: { idPrefix: string; funderId: string; funderName: string };
}

export interface ExportColumn {
  header: string;
  /** XLSX column width in characters. */
  width: number;
  value: (row: SqlRow, context: ExportContext) => Cell;
}

/**
 * A decimal written into JSON as a number token exactly as given ("1234.50"), never through a
 * float. `text` is checked when the JSON is written.
 */
export class JsonDecimal {
  constructor(readonly text: string) {}
}
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonDecimal
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/** A JSON export: the document opens with `open`, one item per row, and closes with `close`. */
export interface JsonShape {
  open: string;
  item: (row: SqlRow, context: ExportContext) => JsonValue;
  close: string;
}

/**
 * One export type: ONE query with the aggregates done in SQL, read through a cursor, and the
 * columns that turn each row into a line of the file. `$1` is the round id (null for every round).
 */
export interface ExportDefinition {
  /** round_summary and reviewer_workload describe one round; the others may span all rounds. */
  needsRound: boolean;
  /** The formats the type is written in (json only where the type defines its document). */
  formats: readonly ExportFormat[];
  sheetName: string;
  sql: string;
  columns: ExportColumn[];
  json?: JsonShape;
}

const TABULAR: readonly ExportFormat[] = ['csv', 'xlsx'];

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

/**
 * What followed the award, per award line (its side and currency), aggregated in the same query:
 * amendments of the award (in force: approved or recorded; pending: requested), the side's
 * settlement (the confirmed amount only once confirmed), Σ paid disbursements, and its refunds
 * (still outstanding on those due; Σ received on all).
 */
const AFTER_THE_AWARD_JOINS = `
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE am.status IN ('approved', 'recorded'))::int AS amendments,
           count(*) FILTER (WHERE am.status = 'requested')::int AS amendments_pending
      FROM award_amendments am WHERE am.award_id = a.id
  ) am ON true
  LEFT JOIN settlements s ON s.award_id = a.id AND s.side = l.side AND s.currency = l.currency
  LEFT JOIN LATERAL (
    SELECT COALESCE(sum(d.amount_minor), 0)::bigint AS paid_minor
      FROM disbursements d
     WHERE d.award_id = a.id AND d.side = l.side AND d.currency = l.currency AND d.status = 'paid'
  ) pd ON true
  LEFT JOIN LATERAL (
    SELECT COALESCE(sum(rf.amount_minor - rf.received_minor) FILTER (WHERE rf.status = 'due'), 0)
             ::bigint AS refund_due_minor,
           COALESCE(sum(rf.received_minor), 0)::bigint AS refunded_minor
      FROM refunds rf
     WHERE rf.award_id = a.id AND rf.side = l.side AND rf.currency = l.currency
  ) rf ON true`;

/**
 * One row per award line, with the award's rate and USD total repeated beside it, then what
 * followed the award (AFTER_THE_AWARD_JOINS).
 */
const AWARD_REGISTER_SQL = `
SELECT a.id AS award_id, r.code AS round_code, a.application_id,
       COALESCE(ap.title->>'en', ap.title->>'ja') AS application_title,
       jp.name_en AS jp_city, jp.region AS jp_region, us.name_en AS us_city, us.region AS us_region,
       l.side, l.currency, l.amount_minor, a.fx_rate_jpy_per_usd::text AS fx_rate,
       a.fx_rate_effective_on::text AS fx_rate_effective_on, a.usd_total_minor,
       'USD' AS usd_currency, a.created_at AS decided_at,
       a.status AS award_status, a.current_version AS award_version,
       am.amendments, am.amendments_pending,
       CASE WHEN s.status = 'confirmed' THEN s.confirmed_minor END AS confirmed_minor,
       s.status AS settlement_status, pd.paid_minor, rf.refund_due_minor, rf.refunded_minor
  FROM awards a
  JOIN award_lines l ON l.award_id = a.id
  JOIN rounds r ON r.id = a.round_id
  JOIN applications ap ON ap.id = a.application_id
  JOIN cities jp ON jp.id = a.jp_city_id
  JOIN cities us ON us.id = a.us_city_id${AFTER_THE_AWARD_JOINS}
 WHERE $1::uuid IS NULL OR a.round_id = $1
 ORDER BY a.created_at, a.id, l.side, l.currency`;

/**
 * 360Giving (https://standard.threesixtygiving.org): one grant per award line, i.e. per side in
 * its own currency. `grant_key` is the side (`JP`), with the currency too (`JP-USD`) only when
 * that side has lines in both currencies, so identifiers stay unique; `related_keys` are the
 * award's other lines, which the grant names as related activities.
 *
 * Amount awarded: what was paid on a cancelled award, else the side's confirmed settlement once
 * confirmed, else the awarded line. Amount disbursed: paid less refunds received. Planned dates
 * from the award version in force, or the application's for an award without a version row.
 */
const THREESIXTY_GIVING_SQL = `
WITH line AS (
  SELECT l.award_id, l.side, l.currency, l.amount_minor,
         l.side || CASE WHEN count(*) OVER (PARTITION BY l.award_id, l.side) > 1
                        THEN '-' || l.currency ELSE '' END AS grant_key
    FROM award_lines l JOIN awards a ON a.id = l.award_id
   WHERE $1::uuid IS NULL OR a.round_id = $1
)
SELECT a.id AS award_id, l.grant_key, rel.related_keys, l.side, l.currency,
       COALESCE(NULLIF(ap.title->>'en', ''), ap.title->>'ja') AS title,
       COALESCE(NULLIF(ap.summary->>'en', ''), ap.summary->>'ja') AS description,
       CASE WHEN a.status = 'cancelled' THEN pd.paid_minor
            WHEN s.status = 'confirmed' THEN s.confirmed_minor
            ELSE l.amount_minor END AS amount_awarded_minor,
       GREATEST(pd.paid_minor - rf.refunded_minor, 0)::bigint AS amount_disbursed_minor,
       to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS award_date,
       COALESCE(v.starts_on, ap.starts_on)::text AS starts_on,
       COALESCE(v.ends_on, ap.ends_on)::text AS ends_on,
       c.id AS city_id, COALESCE(NULLIF(c.name_en, ''), c.name_ja) AS city_name, c.country AS city_country,
       c.region AS city_region, r.code AS round_code,
       COALESCE(NULLIF(r.title->>'en', ''), r.title->>'ja') AS round_title
  FROM awards a
  JOIN line l ON l.award_id = a.id
  JOIN rounds r ON r.id = a.round_id
  JOIN applications ap ON ap.id = a.application_id
  JOIN cities c ON c.id = CASE WHEN l.side = 'JP' THEN a.jp_city_id ELSE a.us_city_id END
  LEFT JOIN award_versions v ON v.award_id = a.id AND v.version = a.current_version
  LEFT JOIN LATERAL (
    SELECT array_agg(o.grant_key ORDER BY o.grant_key) AS related_keys
      FROM line o WHERE o.award_id = a.id AND o.grant_key <> l.grant_key
  ) rel ON true${AFTER_THE_AWARD_JOINS}
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

const COUNTRY_NAMES: Record<string, string> = { JP: 'Japan', US: 'United States' };

/** `360G-jusdg-<awardId>-JP`: the publisher prefix, the award, the side (and currency). */
const grantId = (context: ExportContext, awardId: unknown, key: unknown) =>
  `${context.giving360.idPrefix}-${String(awardId)}-${String(key)}`;

const relatedIds = (row: SqlRow, context: ExportContext): string[] =>
  ((row.related_keys as string[] | null) ?? []).map((key) => grantId(context, row.award_id, key));

/** A city has no registry number here: the publisher's own identifier for it (360Giving org ids). */
const recipientId = (row: SqlRow, context: ExportContext) =>
  `${context.giving360.idPrefix}-city-${String(row.city_id)}`;

/** One 360Giving grant (the JSON schema's field names); amounts as exact decimal numbers. */
function threesixtyGivingGrant(row: SqlRow, context: ExportContext): JsonValue {
  const decimal = (key: string) => {
    const value = major(key)(row);
    return value === null ? null : new JsonDecimal(value);
  };
  const country = String(row.city_country);
  return {
    id: grantId(context, row.award_id, row.grant_key),
    title: text('title')(row),
    description: text('description')(row),
    currency: text('currency')(row),
    amountAwarded: decimal('amount_awarded_minor'),
    amountDisbursed: decimal('amount_disbursed_minor'),
    awardDate: text('award_date')(row),
    plannedDates: [{ startDate: text('starts_on')(row), endDate: text('ends_on')(row) }],
    recipientOrganization: [
      {
        id: recipientId(row, context),
        name: text('city_name')(row),
        addressLocality: text('city_name')(row),
        addressRegion: text('city_region')(row),
        addressCountry: COUNTRY_NAMES[country] ?? country,
        location: [{ name: text('city_name')(row), countryCode: country }],
      },
    ],
    fundingOrganization: [{ id: context.giving360.funderId, name: context.giving360.funderName }],
    grantProgramme: [{ code: text('round_code')(row), title: text('round_title')(row) }],
    relatedActivity: relatedIds(row, context),
  };
}

export const EXPORT_DEFINITIONS: Record<ExportType, ExportDefinition> = {
  round_summary: {
    formats: TABULAR,
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
    formats: TABULAR,
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
      col('award_status', text('award_status'), 10),
      col('award_version', num('award_version'), 8),
      col('amendments', num('amendments'), 8),
      col('amendments_pending', num('amendments_pending'), 8),
      col('confirmed_minor', num('confirmed_minor'), 16),
      col('confirmed', major('confirmed_minor'), 16),
      col('settlement_status', text('settlement_status'), 10),
      col('paid_minor', num('paid_minor'), 16),
      col('paid', major('paid_minor'), 16),
      col('refund_due_minor', num('refund_due_minor'), 16),
      col('refund_due', major('refund_due_minor'), 16),
      col('refunded_minor', num('refunded_minor'), 16),
      col('refunded', major('refunded_minor'), 16),
    ],
  },
  disbursement_ledger: {
    formats: TABULAR,
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
  /**
   * The 360Giving data standard: JSON is the grant package `{"grants": [...]}`; CSV and XLSX use
   * the standard's one-sheet titles (arrays of one item flattened, `Related Activity` joined with
   * `;` as 360Giving's flatten-tool does).
   */
  threesixty_giving: {
    formats: ['json', 'csv', 'xlsx'],
    needsRound: false,
    sheetName: 'grants',
    sql: THREESIXTY_GIVING_SQL,
    json: { open: '{"grants":[', item: threesixtyGivingGrant, close: ']}' },
    columns: [
      col('Identifier', (row, context) => grantId(context, row.award_id, row.grant_key), 50),
      col('Title', text('title'), 40),
      col('Description', text('description'), 60),
      col('Currency', text('currency'), 9),
      col('Amount Awarded', major('amount_awarded_minor'), 16),
      col('Amount Disbursed', major('amount_disbursed_minor'), 16),
      col('Award Date', text('award_date'), 12),
      col('Planned Dates:Start Date', text('starts_on'), 12),
      col('Planned Dates:End Date', text('ends_on'), 12),
      col('Recipient Org:Identifier', recipientId, 50),
      col('Recipient Org:Name', text('city_name'), 24),
      col('Recipient Org:City', text('city_name'), 24),
      col('Recipient Org:County', text('city_region'), 10),
      col('Recipient Org:Country', (row) => COUNTRY_NAMES[String(row.city_country)] ?? null, 14),
      col('Recipient Org:Location:0:Name', text('city_name'), 24),
      col('Recipient Org:Location:0:Country Code', text('city_country'), 8),
      col('Funding Org:Identifier', (_row, context) => context.giving360.funderId, 24),
      col('Funding Org:Name', (_row, context) => context.giving360.funderName, 30),
      col('Grant Programme:Code', text('round_code')),
      col('Grant Programme:Title', text('round_title'), 30),
      col('Related Activity', (row, context) => relatedIds(row, context).join(';') || null, 50),
    ],
  },
  reviewer_workload: {
    formats: TABULAR,
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
