/**
 * Review benchmark (SPEC §6): auto-assignment of 2,000 applications × 200 reviewers (≤ 5 s) and
 * the ranking query over 10,000 applications (≤ 1 s), on a scratch database that is dropped at
 * the end. Run with `npm run bench:review`. A measurement, not a test: it prints, it does not fail.
 */
import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../src/audit/change-log.service';
import type { Principal } from '../src/auth/principal';
import { dataSourceOptions } from '../src/database/data-source';
import { AssignmentsService } from '../src/reviews/assignments.service';
import { RANKING_SQL, rankingParameters, RankingService } from '../src/reviews/ranking.service';

const DATABASE = 'grants_bench_review';
const ASSIGNED_APPLICATIONS = 2_000;
const RANKED_APPLICATIONS = 10_000;
const REVIEWERS = 200;
const CITIES_PER_COUNTRY = 100; // 100 × 100 = 10,000 distinct partnerships

const US_STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
].map((s) => `US-${s}`);
const JP_PREFECTURES = Array.from({ length: 47 }, (_, i) => `JP-${String(i + 1).padStart(2, '0')}`);

async function admin<T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function seed(db: DataSource): Promise<{ roundId: string; officerId: string }> {
  await db.query(
    `INSERT INTO cities (country, name_en, region, timezone)
     SELECT 'JP', 'JP city ' || i, ($1::text[])[1 + i % 47], 'Asia/Tokyo'
       FROM generate_series(0, $3 - 1) i
     UNION ALL
     SELECT 'US', 'US city ' || i, ($2::text[])[1 + i % 50], 'America/Chicago'
       FROM generate_series(0, $3 - 1) i`,
    [JP_PREFECTURES, US_STATES, CITIES_PER_COUNTRY],
  );
  // Partnership n pairs JP city n % 100 with US city n / 100: all 10,000 pairs distinct.
  await db.query(
    `WITH jp AS (SELECT id, row_number() OVER (ORDER BY name_en) - 1 AS n FROM cities WHERE country = 'JP'),
          us AS (SELECT id, row_number() OVER (ORDER BY name_en) - 1 AS n FROM cities WHERE country = 'US')
     INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
     SELECT jp.id, us.id, DATE '1960-01-01' + (s.n % 20000)::int, 'active'
       FROM generate_series(0, $1 - 1) AS s(n)
       JOIN jp ON jp.n = s.n % $2
       JOIN us ON us.n = s.n / $2`,
    [RANKED_APPLICATIONS, CITIES_PER_COUNTRY],
  );
  // Half JP-based, half US-based; each in a region of its country; one in ten tied to a city.
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, country, region, affiliations, version)
     SELECT 'reviewer' || i || '@bench.example', 'x', 'Reviewer ' || i, 'reviewer',
            CASE WHEN i % 2 = 0 THEN 'JP' ELSE 'US' END,
            CASE WHEN i % 2 = 0 THEN ($1::text[])[1 + (i * 7) % 47] ELSE ($2::text[])[1 + (i * 11) % 50] END,
            CASE WHEN i % 10 = 0
                 THEN ARRAY(SELECT id FROM cities ORDER BY name_en OFFSET (i * 13) % 200 LIMIT 1)
                 ELSE '{}' END,
            1
       FROM generate_series(0, $3 - 1) i`,
    [JP_PREFECTURES, US_STATES, REVIEWERS],
  );
  const [officer] = (await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, version)
     VALUES ('officer@bench.example', 'x', 'Officer', 'program_officer', 1) RETURNING id`,
  )) as { id: string }[];
  const rubric = [
    { key: 'impact', label: { en: 'Impact' }, weight: 3, maxScore: 10 },
    { key: 'feasibility', label: { en: 'Feasibility' }, weight: 2, maxScore: 10 },
    { key: 'reach', label: { en: 'Reach' }, weight: 1, maxScore: 5 },
  ];
  const [round] = (await db.query(
    `INSERT INTO rounds (code, title, opens_at, closes_at, rubric, reviewers_per_application, status, version)
     VALUES ('BENCH', '{"en":"Bench"}', now() - interval '30 days', now() - interval '1 day', $1, 3, 'closed', 1)
     RETURNING id`,
    [JSON.stringify(rubric)],
  )) as { id: string }[];
  await insertApplications(db, round.id, officer.id, 0, ASSIGNED_APPLICATIONS, 'submitted');
  await db.query('ANALYZE');
  return { roundId: round.id, officerId: officer.id };
}

/** Applications for partnerships [from, to) (by creation order), both sides asking for money. */
async function insertApplications(
  db: DataSource,
  roundId: string,
  createdBy: string,
  from: number,
  to: number,
  status: string,
): Promise<void> {
  await db.query(
    `WITH p AS (SELECT id, jp_city_id, us_city_id,
                       row_number() OVER (ORDER BY created_at, jp_city_id, us_city_id) - 1 AS n
                  FROM partnerships)
     INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                               summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                               submitted_at, version)
     SELECT $1, p.id, p.jp_city_id, p.us_city_id, $5, '{"en":"Exchange"}', '{"en":"Visit"}',
            DATE '2027-04-01', DATE '2027-09-30',
            jsonb_build_array(
              jsonb_build_object('side', 'US', 'category', 'travel', 'description', 'Flights',
                                 'amountMinor', 100000 + (p.n * 37) % 800000, 'currency', 'USD'),
              jsonb_build_object('side', 'US', 'category', 'venue', 'description', 'Hall',
                                 'amountMinor', 50000, 'currency', 'USD'),
              jsonb_build_object('side', 'JP', 'category', 'venue', 'description', 'Hall',
                                 'amountMinor', 200000 + (p.n * 53) % 900000, 'currency', 'JPY')),
            repeat('0', 64), $2, now(), 1
       FROM p WHERE p.n >= $3 AND p.n < $4`,
    [roundId, createdBy, from, to, status],
  );
}

/** Every open assignment gets a complete random review (as if each reviewer had submitted). */
async function submitEveryReview(db: DataSource, roundId: string): Promise<void> {
  await db.query(
    `WITH s AS (SELECT id, floor(random() * 11)::int AS i, floor(random() * 11)::int AS f,
                       floor(random() * 6)::int AS r
                  FROM assignments WHERE round_id = $1 AND status = 'assigned')
     UPDATE assignments a
        SET status = 'submitted', recommendation = 'maybe', submitted_at = now(),
            scores = jsonb_build_object('impact', s.i, 'feasibility', s.f, 'reach', s.r),
            weighted_score = (3 * s.i / 10.0 + 2 * s.f / 10.0 + s.r / 5.0) / 6
       FROM s WHERE a.id = s.id`,
    [roundId],
  );
}

/** 8,000 more in-review applications with three submitted reviews each, for the ranking. */
async function growToRankingSize(db: DataSource, roundId: string, officerId: string) {
  await insertApplications(
    db,
    roundId,
    officerId,
    ASSIGNED_APPLICATIONS,
    RANKED_APPLICATIONS,
    'in_review',
  );
  await db.query(
    `WITH r AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE role = 'reviewer'),
          a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM applications WHERE round_id = $1 AND status = 'in_review'
                   AND NOT EXISTS (SELECT 1 FROM assignments s WHERE s.application_id = applications.id))
     INSERT INTO assignments (application_id, round_id, reviewer_id, status, source, assigned_at,
                              version)
     SELECT a.id, $1, r.id, 'assigned', 'auto', now(), 1
       FROM a CROSS JOIN generate_series(0, 2) k
       JOIN r ON r.n = (a.n + k * 67) % $2`,
    [roundId, REVIEWERS],
  );
  await submitEveryReview(db, roundId);
  await db.query('ANALYZE');
}

const time = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
};

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grants');
  url.pathname = '';
  const serverUrl = url.toString().replace(/\/$/, '');
  await admin(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DATABASE}`);
  });
  const db = new DataSource(
    dataSourceOptions({ DATABASE_URL: `${serverUrl}/${DATABASE}`, DATABASE_POOL_SIZE: 4 }),
  );
  try {
    await db.initialize();
    await db.runMigrations();
    const [{ roundId, officerId }, seedMs] = await time(() => seed(db));
    const principal: Principal = {
      kind: 'user',
      userId: officerId,
      role: 'program_officer',
      cityId: null,
      locale: 'en',
    };
    const assignments = new AssignmentsService(db, new ChangeLog());
    const [report, assignMs] = await time(() => assignments.autoAssign(principal, roundId));
    const [again, againMs] = await time(() => assignments.autoAssign(principal, roundId));
    const loads = (await db.query(
      `SELECT max(n) - min(n) AS spread FROM (SELECT count(*) n FROM assignments GROUP BY reviewer_id) l`,
    )) as { spread: number }[];

    await submitEveryReview(db, roundId);
    await growToRankingSize(db, roundId, officerId);
    const ranking = new RankingService(db);
    const [rows, firstRankMs] = await time(() => ranking.rank(roundId));
    const repeats: number[] = [];
    for (let i = 0; i < 5; i++) repeats.push((await time(() => ranking.rank(roundId)))[1]);
    repeats.sort((a, b) => a - b);
    if (process.env.BENCH_EXPLAIN) {
      const plan = (await db.transaction(async (manager) => {
        await manager.query('SET LOCAL jit = off');
        return manager.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${RANKING_SQL}`,
          rankingParameters(roundId),
        );
      })) as Record<string, string>[];
      console.log(plan.map((row) => Object.values(row)[0]).join('\n'));
    }
    const [{ reviews }] = (await db.query(
      `SELECT count(*)::int AS reviews FROM assignments WHERE status = 'submitted'`,
    )) as { reviews: number }[];

    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(`\nseeded in ${ms(seedMs)}`);
    console.table([
      {
        measure: `auto-assign ${ASSIGNED_APPLICATIONS} apps × ${REVIEWERS} reviewers`,
        result: ms(assignMs),
        target: '≤ 5000 ms',
        detail: `${report.created} created, ${report.unstaffed.length} unstaffed, load spread ${loads[0].spread}`,
      },
      {
        measure: 'auto-assign again (idempotent)',
        result: ms(againMs),
        target: '-',
        detail: `${again.created} created`,
      },
      {
        measure: `ranking ${rows.length} apps (first run)`,
        result: ms(firstRankMs),
        target: '≤ 1000 ms',
        detail: `${reviews} submitted reviews`,
      },
      {
        measure: 'ranking (median of 5)',
        result: ms(repeats[2]),
        target: '≤ 1000 ms',
        detail: `min ${ms(repeats[0])}, max ${ms(repeats[4])}`,
      },
    ]);
  } finally {
    if (db.isInitialized) await db.destroy();
    await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
