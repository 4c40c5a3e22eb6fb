/**
 * A load-test data set (issue 9, SPEC §6), written straight in SQL so 50,000 applications take
 * seconds, not hours. `npm run seed:load -- --applications 50000` fills the database of
 * DATABASE_URL (migrated first); `npm run bench` calls `seedLoad` on its own scratch database.
 *
 * What it makes, beside the demo data (it touches none of it):
 * - a grid of JP × US cities, one partnership per pair, one city user per city;
 * - `LOAD-EXPORT`: a closed round with N applications in every status, three submitted reviews
 *   each, one in ten approved with an award, its lines and two disbursements;
 * - `LOAD-REVIEW`: 10,000 applications in review with three assignments each whose drafts are
 *   complete, ready to submit;
 * - `LOAD-ASSIGN`: 2,000 submitted applications nobody is assigned to yet (auto-assignment);
 * - `LOAD-OPEN`: an open round nobody has applied to yet (POST /applications);
 * - 200 reviewers (half JP-, half US-based), staff users, and 10,000 approved ACH disbursements
 *   with verified payee accounts, ready for a payment run.
 * Every load user's password is LOAD_PASSWORD.
 */
import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { FieldEncryption } from '../src/common/crypto/field-encryption';
import { dataSourceOptions } from '../src/database/data-source';
import { hashPassword } from '../src/users/password';
import { seedApprovedDisbursements } from '../test/payment-runs.seed';

export const LOAD_PASSWORD = 'load-test-password';
export const REVIEWERS = 200;
export const ASSIGN_APPLICATIONS = 2_000;
export const REVIEW_APPLICATIONS = 10_000;
export const PAYMENT_ENTRIES = 10_000;
const JP_CITIES = 250;
const AWARD_EVERY = 10;

export interface LoadData {
  rounds: { open: string; export: string; review: string; assign: string };
  staff: { admin: string; officer: string; finance: string; approver: string };
  counts: { applications: number; reviews: number; partnerships: number; disbursements: number };
}

const RUBRIC = [
  { key: 'impact', label: { en: 'Impact' }, weight: 3, maxScore: 10 },
  { key: 'feasibility', label: { en: 'Feasibility' }, weight: 2, maxScore: 10 },
  { key: 'reach', label: { en: 'Reach' }, weight: 1, maxScore: 5 },
];

async function insertRound(
  db: DataSource,
  code: string,
  status: 'open' | 'closed',
): Promise<string> {
  const [round] = (await db.query(
    `INSERT INTO rounds (code, title, opens_at, closes_at, rubric, reviewers_per_application,
                         status, version)
     VALUES ($1::text, jsonb_build_object('en', 'Load ' || $1::text, 'ja', '負荷 ' || $1::text),
             now() - interval '30 days',
             CASE WHEN $2::text = 'open' THEN now() + interval '30 days'
                  ELSE now() - interval '1 day' END,
             $3, 3, $2::text, 1)
     RETURNING id`,
    [code, status, JSON.stringify(RUBRIC)],
  )) as { id: string }[];
  await db.query(
    `INSERT INTO round_budgets (round_id, currency, amount_minor, max_award_minor)
     VALUES ($1, 'USD', 100000000000, 5000000), ($1, 'JPY', 10000000000000, 500000000)`,
    [round.id],
  );
  return round.id;
}

/** Applications of `roundId` for partnerships [from, to) in grid order, statuses rotating. */
async function insertApplications(
  db: DataSource,
  roundId: string,
  createdBy: string,
  range: [number, number],
  statuses: string[],
): Promise<void> {
  await db.query(
    `WITH p AS (SELECT id, jp_city_id, us_city_id, n FROM load_partnerships
                 WHERE n >= $3 AND n < $4)
     INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                               summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                               submitted_at, version)
     SELECT $1, p.id, p.jp_city_id, p.us_city_id,
            CASE WHEN $5::text[] @> ARRAY['approved'] AND p.n % $6 = 0 THEN 'approved'
                 ELSE ($5::text[])[1 + p.n % cardinality($5::text[])] END,
            jsonb_build_object('en', 'Exchange ' || p.n, 'ja', '交流事業 ' || p.n),
            '{"en":"Students and teachers visit each other"}', DATE '2027-04-01', DATE '2027-09-30',
            jsonb_build_array(
              jsonb_build_object('side', 'US', 'category', 'travel', 'description', 'Flights',
                                 'amountMinor', 100000 + (p.n * 37) % 800000, 'currency', 'USD'),
              jsonb_build_object('side', 'JP', 'category', 'venue', 'description', 'Hall',
                                 'amountMinor', 200000 + (p.n * 53) % 900000, 'currency', 'JPY')),
            repeat('0', 64), $2, now(), 1
       FROM p`,
    [roundId, createdBy, range[0], range[1], statuses, AWARD_EVERY],
  );
}

/** `perApplication` assignments for each application of the round, spread over the reviewers. */
async function insertAssignments(
  db: DataSource,
  roundId: string,
  perApplication: number,
  review: 'submitted' | 'draft',
): Promise<void> {
  await db.query(
    `WITH r AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n
                  FROM users WHERE role = 'reviewer' AND email LIKE '%@load.example'),
          a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM applications WHERE round_id = $1),
          s AS (SELECT a.id AS application_id, r.id AS reviewer_id,
                       floor(random() * 11)::int AS i, floor(random() * 11)::int AS f,
                       floor(random() * 6)::int AS re
                  FROM a CROSS JOIN generate_series(0, $3 - 1) k
                  JOIN r ON r.n = (a.n + k * 67) % $2)
     INSERT INTO assignments (application_id, round_id, reviewer_id, status, source, assigned_at,
                              scores, recommendation, weighted_score, submitted_at, version)
     SELECT application_id, $1, reviewer_id,
            CASE WHEN $4::text = 'submitted' THEN 'submitted' ELSE 'assigned' END, 'auto', now(),
            jsonb_build_object('impact', i, 'feasibility', f, 'reach', re),
            (ARRAY['fund', 'maybe', 'decline'])[1 + (i + f) % 3],
            CASE WHEN $4::text = 'submitted' THEN (3 * i / 10.0 + 2 * f / 10.0 + re / 5.0) / 6 END,
            CASE WHEN $4::text = 'submitted' THEN now() END, 1
       FROM s`,
    [roundId, REVIEWERS, perApplication, review],
  );
}

async function insertAwards(db: DataSource, roundId: string): Promise<void> {
  await db.query(
    `INSERT INTO awards (application_id, round_id, partnership_id, jp_city_id, us_city_id,
                         fx_rate_jpy_per_usd, fx_rate_effective_on, usd_total_minor, decided_by)
     SELECT a.id, a.round_id, a.partnership_id, a.jp_city_id, a.us_city_id,
            CASE WHEN n % 2 = 0 THEN 150 END, CASE WHEN n % 2 = 0 THEN DATE '2026-04-01' END,
            CASE WHEN n % 2 = 0 THEN 500000 + 100000 END, a.created_by
       FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM applications
              WHERE round_id = $1 AND status = 'approved') a`,
    [roundId],
  );
  await db.query(
    `INSERT INTO award_lines (award_id, side, currency, amount_minor)
     SELECT id, 'US', 'USD', 500000 FROM awards WHERE round_id = $1
     UNION ALL SELECT id, 'JP', 'JPY', 150000 FROM awards WHERE round_id = $1`,
    [roundId],
  );
  await db.query(
    `INSERT INTO disbursements (award_id, tranche_key, tranche_index, release_on, side, currency,
                                amount_minor, status, version)
     SELECT id, 'first', 0, 'award', 'US', 'USD', 250000, 'paid', 1 FROM awards WHERE round_id = $1
     UNION ALL
     SELECT id, 'first', 0, 'award', 'JP', 'JPY', 75000, 'scheduled', 1 FROM awards
      WHERE round_id = $1`,
    [roundId],
  );
}

/** Fills `db` (migrated) with the load data set for `applications` applications in LOAD-EXPORT. */
export async function seedLoad(
  db: DataSource,
  encryption: FieldEncryption,
  applications: number,
): Promise<LoadData> {
  const [existing] = (await db.query(
    `SELECT 1 FROM rounds WHERE code = 'LOAD-EXPORT'`,
  )) as unknown[];
  if (existing) throw new Error('this database already holds the load data set (LOAD-EXPORT)');
  const jpCities = Math.min(JP_CITIES, applications);
  const usCities = Math.ceil(Math.max(applications, REVIEW_APPLICATIONS) / jpCities);
  const passwordHash = await hashPassword(LOAD_PASSWORD);

  await db.query(
    `INSERT INTO cities (country, name_en, name_ja, region, timezone)
     SELECT 'JP', 'Load JP city ' || i, '負荷市' || i, 'JP-' || lpad((1 + i % 47)::text, 2, '0'),
            'Asia/Tokyo'
       FROM generate_series(0, $1 - 1) i
     UNION ALL
     SELECT 'US', 'Load US city ' || i, NULL, 'US-' || (ARRAY['CA','OR','WA','TX','NY','IL'])[1 + i % 6],
            'America/Chicago'
       FROM generate_series(0, $2 - 1) i`,
    [jpCities, usCities],
  );
  // Partnership n pairs JP city n % jpCities with US city n / jpCities.
  await db.query(
    `WITH jp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                   FROM cities WHERE country = 'JP' AND name_en LIKE 'Load JP city %'),
          us AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                   FROM cities WHERE country = 'US' AND name_en LIKE 'Load US city %')
     INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
     SELECT jp.id, us.id, DATE '1960-01-01' + (us.n * $1 + jp.n)::int % 20000, 'active'
       FROM jp CROSS JOIN us`,
    [jpCities],
  );
  await db.query(
    `CREATE TEMP TABLE load_partnerships AS
     SELECT p.id, p.jp_city_id, p.us_city_id, row_number() OVER (ORDER BY us.name_en, jp.name_en) - 1 AS n
       FROM partnerships p
       JOIN cities jp ON jp.id = p.jp_city_id AND jp.name_en LIKE 'Load JP city %'
       JOIN cities us ON us.id = p.us_city_id`,
  );
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, city_id, locale, version)
     SELECT 'city-' || lower(c.country) || '-' || replace(c.id::text, '-', '') || '@load.example',
            $1, 'Load ' || c.name_en, 'city_user', c.id,
            CASE WHEN c.country = 'JP' THEN 'ja' ELSE 'en' END, 1
       FROM cities c WHERE c.name_en LIKE 'Load % city %'`,
    [passwordHash],
  );
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, country, region, affiliations, version)
     SELECT 'reviewer-' || lpad(i::text, 3, '0') || '@load.example', $1, 'Load reviewer ' || i,
            'reviewer', CASE WHEN i % 2 = 0 THEN 'JP' ELSE 'US' END,
            CASE WHEN i % 2 = 0 THEN 'JP-' || lpad((1 + (i * 7) % 47)::text, 2, '0') ELSE 'US-TX' END,
            CASE WHEN i % 10 = 0
                 THEN ARRAY(SELECT id FROM cities WHERE name_en LIKE 'Load % city %'
                             ORDER BY id OFFSET (i * 13) % 200 LIMIT 1)
                 ELSE '{}' END,
            1
       FROM generate_series(0, $2 - 1) i`,
    [passwordHash, REVIEWERS],
  );
  const staffRows = (await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, version)
     VALUES ('admin@load.example', $1, 'Load admin', 'admin', 1),
            ('officer@load.example', $1, 'Load officer', 'program_officer', 1),
            ('finance@load.example', $1, 'Load finance officer', 'finance_officer', 1),
            ('approver@load.example', $1, 'Load finance approver', 'finance_approver', 1)
     RETURNING id, role`,
    [passwordHash],
  )) as { id: string; role: string }[];
  const staffId = (role: string) => staffRows.find((u) => u.role === role)!.id;
  const officer = staffId('program_officer');

  const rounds = {
    open: await insertRound(db, 'LOAD-OPEN', 'open'),
    export: await insertRound(db, 'LOAD-EXPORT', 'closed'),
    review: await insertRound(db, 'LOAD-REVIEW', 'closed'),
    assign: await insertRound(db, 'LOAD-ASSIGN', 'closed'),
  };
  const statuses = ['submitted', 'in_review', 'approved', 'rejected', 'waitlisted', 'withdrawn'];
  await insertApplications(db, rounds.export, officer, [0, applications], statuses);
  await insertAssignments(db, rounds.export, 3, 'submitted');
  await insertAwards(db, rounds.export);
  await insertApplications(db, rounds.review, officer, [0, REVIEW_APPLICATIONS], ['in_review']);
  await insertAssignments(db, rounds.review, 3, 'draft');
  await insertApplications(db, rounds.assign, officer, [0, ASSIGN_APPLICATIONS], ['submitted']);
  await seedApprovedDisbursements(db, encryption, {
    rail: 'ach',
    count: PAYMENT_ENTRIES,
    userId: staffId('finance_officer'),
  });
  await db.query('DROP TABLE load_partnerships');
  await db.query('ANALYZE');

  const [counts] = (await db.query(
    `SELECT (SELECT count(*)::int FROM applications) AS applications,
            (SELECT count(*)::int FROM assignments WHERE status = 'submitted') AS reviews,
            (SELECT count(*)::int FROM partnerships) AS partnerships,
            (SELECT count(*)::int FROM disbursements WHERE status = 'approved') AS disbursements`,
  )) as LoadData['counts'][];
  return {
    rounds,
    staff: {
      admin: staffId('admin'),
      officer,
      finance: staffId('finance_officer'),
      approver: staffId('finance_approver'),
    },
    counts,
  };
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { values } = parseArgs({
    options: { applications: { type: 'string', default: '50000' } },
  });
  const applications = Number(values.applications);
  if (!Number.isSafeInteger(applications) || applications < REVIEW_APPLICATIONS) {
    throw new Error(`--applications must be an integer of at least ${REVIEW_APPLICATIONS}`);
  }
  const db = new DataSource(
    dataSourceOptions({ DATABASE_URL: process.env.DATABASE_URL!, DATABASE_POOL_SIZE: 2 }),
  );
  await db.initialize();
  try {
    await db.runMigrations();
    const started = performance.now();
    const data = await seedLoad(
      db,
      new FieldEncryption(process.env.ENCRYPTION_KEYS!, process.env.ENCRYPTION_KEY_ID!),
      applications,
    );
    console.log(
      `load data set in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
        JSON.stringify(data.counts),
    );
    console.log(
      `users *@load.example, password ${LOAD_PASSWORD}; rounds LOAD-OPEN, LOAD-EXPORT, LOAD-REVIEW, LOAD-ASSIGN`,
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
