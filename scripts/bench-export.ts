/**
 * Export benchmark (SPEC §6): the `round_summary` export over 50,000 applications and 150,000
 * submitted reviews (≤ 10 s) while the worker's RSS stays under 300 MB, run through the real
 * generator (cursor → file) in this process, on a scratch database dropped at the end. Run with
 * `npm run bench:export`. A measurement, not a test: it prints, it does not fail.
 */
import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../src/audit/change-log.service';
import type { Environment } from '../src/config/environment';
import { dataSourceOptions } from '../src/database/data-source';
import { EXPORT_DEFINITIONS } from '../src/exports/export-definitions';
import { ExportGenerator } from '../src/exports/export-generator';
import type { ExportFormat, ExportType } from '../src/exports/export.entity';

const DATABASE = 'grants_bench_export';
const JP_CITIES = 250;
const US_CITIES = 200; // 250 × 200 = 50,000 distinct partnerships, one application each
const APPLICATIONS = JP_CITIES * US_CITIES;
const REVIEWERS = 200;
const REVIEWS_PER_APPLICATION = 3;
/** One application in this many is approved with an award. */
const AWARD_EVERY = 10;

async function admin<T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function seed(db: DataSource): Promise<string> {
  await db.query(
    `INSERT INTO cities (country, name_en, region, timezone)
     SELECT 'JP', 'JP city ' || i, 'JP-' || lpad((1 + i % 47)::text, 2, '0'), 'Asia/Tokyo'
       FROM generate_series(0, $1 - 1) i
     UNION ALL
     SELECT 'US', 'US city ' || i, 'US-S' || (i % 50), 'America/Chicago'
       FROM generate_series(0, $2 - 1) i`,
    [JP_CITIES, US_CITIES],
  );
  await db.query(
    `WITH jp AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM cities WHERE country = 'JP'),
          us AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM cities WHERE country = 'US')
     INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
     SELECT jp.id, us.id, DATE '1960-01-01', 'active' FROM jp CROSS JOIN us`,
  );
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, version)
     SELECT 'reviewer' || i || '@bench.example', 'x', 'Reviewer ' || i, 'reviewer', 1
       FROM generate_series(0, $1 - 1) i
     UNION ALL SELECT 'officer@bench.example', 'x', 'Officer', 'program_officer', 1`,
    [REVIEWERS],
  );
  const [round] = (await db.query(
    `INSERT INTO rounds (code, title, opens_at, closes_at, reviewers_per_application, status, version)
     VALUES ('BENCH', '{"en":"Bench","ja":"ベンチ"}', now() - interval '30 days', now(), 3, 'closed', 1)
     RETURNING id`,
  )) as { id: string }[];
  const statuses = ['submitted', 'in_review', 'approved', 'rejected', 'waitlisted', 'withdrawn'];
  await db.query(
    `WITH p AS (SELECT id, jp_city_id, us_city_id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM partnerships)
     INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                               summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                               submitted_at, version)
     SELECT $1, p.id, p.jp_city_id, p.us_city_id,
            CASE WHEN p.n % $3 = 0 THEN 'approved' ELSE ($2::text[])[1 + p.n % 6] END,
            jsonb_build_object('en', 'Exchange ' || p.n, 'ja', '交流事業 ' || p.n), '{"en":"Visit"}',
            DATE '2027-04-01', DATE '2027-09-30',
            jsonb_build_array(
              jsonb_build_object('side', 'US', 'category', 'travel', 'description', 'Flights',
                                 'amountMinor', 100000 + (p.n * 37) % 800000, 'currency', 'USD'),
              jsonb_build_object('side', 'JP', 'category', 'venue', 'description', 'Hall',
                                 'amountMinor', 200000 + (p.n * 53) % 900000, 'currency', 'JPY')),
            repeat('0', 64), (SELECT id FROM users WHERE role = 'program_officer'), now(), 1
       FROM p`,
    [round.id, statuses, AWARD_EVERY],
  );
  await db.query(
    `WITH r AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE role = 'reviewer'),
          a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM applications)
     INSERT INTO assignments (application_id, round_id, reviewer_id, status, source, assigned_at,
                              weighted_score, submitted_at, version)
     SELECT a.id, $1, r.id, 'submitted', 'auto', now(), random(), now(), 1
       FROM a CROSS JOIN generate_series(0, $3 - 1) k
       JOIN r ON r.n = (a.n + k * 67) % $2`,
    [round.id, REVIEWERS, REVIEWS_PER_APPLICATION],
  );
  // Awards: half with a rate (USD total known), half without.
  await db.query(
    `INSERT INTO awards (application_id, round_id, partnership_id, jp_city_id, us_city_id,
                         fx_rate_jpy_per_usd, fx_rate_effective_on, usd_total_minor, decided_by)
     SELECT a.id, a.round_id, a.partnership_id, a.jp_city_id, a.us_city_id,
            CASE WHEN n % 2 = 0 THEN 150 END, CASE WHEN n % 2 = 0 THEN DATE '2026-04-01' END,
            CASE WHEN n % 2 = 0 THEN 500000 + 100000 END, a.created_by
       FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM applications
              WHERE status = 'approved') a`,
  );
  await db.query(
    `INSERT INTO award_lines (award_id, side, currency, amount_minor)
     SELECT id, 'US', 'USD', 500000 FROM awards
     UNION ALL SELECT id, 'JP', 'JPY', 150000 FROM awards`,
  );
  await db.query(
    `INSERT INTO disbursements (award_id, tranche_key, tranche_index, release_on, side, currency,
                                amount_minor, status, version)
     SELECT id, 'first', 0, 'award', 'US', 'USD', 250000, 'paid', 1 FROM awards
     UNION ALL
     SELECT id, 'first', 0, 'award', 'JP', 'JPY', 75000, 'scheduled', 1 FROM awards`,
  );
  await db.query('ANALYZE');
  return round.id;
}

/** Runs one export through the generator, sampling this process's RSS every 50 ms. */
async function measure(
  db: DataSource,
  generator: ExportGenerator,
  roundId: string,
  type: ExportType,
  format: ExportFormat,
) {
  const [row] = (await db.query(
    `INSERT INTO exports (type, round_id, format) VALUES ($1, $2, $3) RETURNING id`,
    [type, roundId, format],
  )) as { id: string }[];
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const outcome = await generator.run(row.id);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const [done] = (await db.query(
    'SELECT row_count, byte_size, failure_reason FROM exports WHERE id = $1',
    [row.id],
  )) as { row_count: number; byte_size: number; failure_reason: string | null }[];
  return { outcome, ms, before, peak, ...done };
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grants');
  url.pathname = '';
  const serverUrl = url.toString().replace(/\/$/, '');
  await admin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DATABASE}`);
  });
  const storage = mkdtempSync(path.join(tmpdir(), 'bench-export-'));
  const db = new DataSource(
    dataSourceOptions({ DATABASE_URL: `${serverUrl}/${DATABASE}`, DATABASE_POOL_SIZE: 4 }),
  );
  try {
    await db.initialize();
    await db.runMigrations();
    const seedStarted = performance.now();
    const roundId = await seed(db);
    const seedMs = performance.now() - seedStarted;
    const generator = new ExportGenerator(db, new ChangeLog(), {
      EXPORT_STORAGE_DIR: storage,
    } as Environment);

    if (process.env.BENCH_EXPLAIN) {
      const plan = (await db.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${EXPORT_DEFINITIONS[process.env.BENCH_EXPLAIN as ExportType].sql}`,
        [roundId],
      )) as Record<string, string>[];
      console.log(plan.map((row) => Object.values(row)[0]).join('\n'));
    }
    const results = [];
    for (const [type, format] of [
      ['round_summary', 'csv'],
      ['round_summary', 'xlsx'],
      ['reviewer_workload', 'csv'],
      ['award_register', 'xlsx'],
    ] as [ExportType, ExportFormat][]) {
      results.push({ type, format, ...(await measure(db, generator, roundId, type, format)) });
    }
    const [{ reviews }] = (await db.query(
      `SELECT count(*)::int AS reviews FROM assignments WHERE status = 'submitted'`,
    )) as { reviews: number }[];
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\nseeded ${APPLICATIONS} applications, ${reviews} submitted reviews in ${(seedMs / 1000).toFixed(1)} s`,
    );
    console.table(
      results.map((r) => ({
        export: `${r.type} ${r.format}`,
        outcome: r.failure_reason ? `${r.outcome}: ${r.failure_reason}` : r.outcome,
        time: `${r.ms.toFixed(0)} ms`,
        target: r.type === 'round_summary' ? '≤ 10000 ms' : '-',
        rows: r.row_count,
        file: mb(r.byte_size ?? 0),
        'rss before': mb(r.before),
        'peak rss': mb(r.peak),
        'rss target': '< 300 MB',
      })),
    );
  } finally {
    if (db.isInitialized) await db.destroy();
    rmSync(storage, { recursive: true, force: true });
    await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
