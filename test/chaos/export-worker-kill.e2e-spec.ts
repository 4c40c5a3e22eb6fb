import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { EXPORT_JOB, exportJobId } from '../../src/exports/exports.processor';
import { QUEUES } from '../../src/queues/queues';
import { createTestApp, eventually, TestContext } from '../support/app';
import { bearer, createRound } from '../support/factories';
import { checkInvariantsOnceRelayed } from './invariants';
import { killWorker, spawnWorker, WorkerProcess } from './processes';
import { binary } from '../support/http';

const JP_CITIES = 120;
const US_CITIES = 200;
/** One application per partnership (one live application per pair and round). */
const APPLICATIONS = JP_CITIES * US_CITIES;
const STATUSES = ['submitted', 'in_review', 'approved', 'rejected', 'waitlisted'];
/** Distinct regions the seeded cities fall in (see seedApplications). */
const JP_REGIONS = 47;
const US_REGIONS = 50;
/**
 * round_summary's lines: one per status, per prefecture, per state, requested per currency (USD,
 * JPY), the two USD-total lines (no awards, so no awarded or disbursed lines), one per application.
 */
const EXPECTED_ROWS = STATUSES.length + JP_REGIONS + US_REGIONS + 2 + 2 + APPLICATIONS;

/** APPLICATIONS applications in `roundId`, inserted in SQL: a second, not minutes over HTTP. */
async function seedApplications(ctx: TestContext, roundId: string, createdBy: string) {
  await ctx.db.query(
    `INSERT INTO cities (country, name_en, region, timezone)
     SELECT 'JP', 'Chaos JP ' || i, 'JP-' || lpad((1 + i % 47)::text, 2, '0'), 'Asia/Tokyo'
       FROM generate_series(0, $1 - 1) i
     UNION ALL
     SELECT 'US', 'Chaos US ' || i, 'US-S' || (i % 50), 'America/Chicago'
       FROM generate_series(0, $2 - 1) i`,
    [JP_CITIES, US_CITIES],
  );
  await ctx.db.query(
    `WITH jp AS (SELECT id FROM cities WHERE name_en LIKE 'Chaos JP %'),
          us AS (SELECT id FROM cities WHERE name_en LIKE 'Chaos US %')
     INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
     SELECT jp.id, us.id, DATE '1960-01-01', 'active' FROM jp CROSS JOIN us`,
  );
  const rows = (await ctx.db.query(
    `WITH p AS (SELECT p.id, p.jp_city_id, p.us_city_id, row_number() OVER (ORDER BY p.id) - 1 AS n
                  FROM partnerships p JOIN cities c ON c.id = p.jp_city_id
                 WHERE c.name_en LIKE 'Chaos JP %')
     INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                               summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                               submitted_at, version)
     SELECT $1, p.id, p.jp_city_id, p.us_city_id, ($2::text[])[1 + p.n % $3],
            jsonb_build_object('en', 'Exchange ' || p.n, 'ja', '交流事業 ' || p.n), '{"en":"Visit"}',
            DATE '2027-04-01', DATE '2027-09-30',
            jsonb_build_array(
              jsonb_build_object('side', 'US', 'category', 'travel', 'description', 'Flights',
                                 'amountMinor', 100000, 'currency', 'USD'),
              jsonb_build_object('side', 'JP', 'category', 'venue', 'description', 'Hall',
                                 'amountMinor', 200000, 'currency', 'JPY')),
            repeat('0', 64), $4, now(), 1
       FROM p
     RETURNING id`,
    [roundId, STATUSES, STATUSES.length, createdBy],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

describe('export: worker killed with SIGKILL mid-export (SPEC §5.9, §5.11)', () => {
  let ctx: TestContext;
  let storage: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    storage = mkdtempSync(path.join(tmpdir(), 'chaos-exports-'));
    // No monthly ledger: this test's export is the only one.
    ctx = await createTestApp({
      env: {
        EXPORT_STORAGE_DIR: storage,
        EXPORT_LEDGER_CRON: 'off',
        // The killed worker's job comes back in seconds (lock plus stalled check); the lock stays
        // well above twice the longest stretch the export holds the CPU.
        QUEUE_LOCK_MS: '5000',
        QUEUE_STALLED_CHECK_MS: '500',
      },
    });
  });
  afterAll(async () => {
    if (worker) await killWorker(worker);
    await ctx?.close();
    rmSync(storage, { recursive: true, force: true });
  });

  it('completes once, with a whole file and no partial one left, after a kill and a restart', async () => {
    const { user, auth } = await bearer(ctx, { role: 'program_officer' });
    const round = await createRound(ctx);
    const applicationIds = await seedApplications(ctx, round.id, user.id);
    expect(applicationIds).toHaveLength(APPLICATIONS);

    worker = spawnWorker(ctx.env);
    await worker.started;
    const accepted = await request(ctx.http)
      .post('/api/v1/exports')
      .set('Authorization', auth)
      .send({ type: 'round_summary', roundId: round.id, format: 'csv' })
      .expect(202);
    const exportId = accepted.body.id as string;

    // Killed while the file is being written: the job active, the partial file begun.
    const queue = ctx.queue(QUEUES.exports);
    const partialOf = () =>
      readdirSync(storage).find(
        (f) =>
          f.startsWith(exportId) && f.endsWith('.part') && statSync(path.join(storage, f)).size > 0,
      );
    const partial = await eventually(
      async () => (await queue.getActiveCount()) > 0 && partialOf(),
      20_000,
      'the export to be writing its file',
    );
    await killWorker(worker);
    const [killed] = (await ctx.db.query(
      `SELECT e.status,
              (SELECT count(*)::int FROM outbox o WHERE o.event_type = 'export.completed'
                  AND o.payload->>'exportId' = e.id::text) AS completions
         FROM exports e WHERE e.id = $1`,
      [exportId],
    )) as { status: string; completions: number }[];
    expect(killed).toEqual({ status: 'running', completions: 0 });
    expect(readdirSync(storage)).toEqual([partial]);

    worker = spawnWorker(ctx.env);
    const done = await eventually(
      async () => {
        const res = await request(ctx.http)
          .get(`/api/v1/exports/${exportId}`)
          .set('Authorization', auth)
          .expect(200);
        return ['completed', 'failed'].includes(res.body.status) && res.body;
      },
      30_000,
      'the export to finish after the restart',
    );
    expect(done).toMatchObject({
      id: exportId,
      status: 'completed',
      failureReason: null,
      rowCount: EXPECTED_ROWS,
    });

    // One export, one file: whole, as recorded, and nothing partial beside it.
    const exports = (await ctx.db.query(`SELECT id, status FROM exports`)) as object[];
    expect(exports).toEqual([{ id: exportId, status: 'completed' }]);
    expect(readdirSync(storage)).toEqual([`${exportId}.csv`]);
    const file = await request(ctx.http)
      .get(`/api/v1/exports/${exportId}/download`)
      .set('Authorization', auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const bytes = file.body as Buffer;
    expect(bytes.length).toBe(Number(done.byteSize));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.sha256);
    const rows = parse(bytes, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(EXPECTED_ROWS);
    // Every application exactly once: nothing of the killed run's rows doubled or missing.
    const scored = rows.filter((r) => r.section === 'score').map((r) => r.key);
    expect(scored.sort()).toEqual([...applicationIds].sort());
    const byStatus = rows.filter((r) => r.section === 'status');
    expect(byStatus.map((r) => [r.key, Number(r.count)]).sort()).toEqual(
      [...STATUSES].sort().map((s) => [s, APPLICATIONS / STATUSES.length]),
    );

    // Completed once: one event, and the two runs (killed, then given back by BullMQ's stalled
    // check once the dead worker's lock expired) in the audit trail.
    const completions = (await ctx.db.query(
      `SELECT payload FROM outbox
        WHERE event_type = 'export.completed' AND payload->>'exportId' = $1`,
      [exportId],
    )) as { payload: { rowCount: number } }[];
    expect(completions).toHaveLength(1);
    expect(completions[0].payload.rowCount).toBe(EXPECTED_ROWS);
    const [{ runs }] = (await ctx.db.query(
      `SELECT count(*)::int AS runs FROM audit_events
        WHERE action = 'export.started' AND entity_id = $1`,
      [exportId],
    )) as { runs: number }[];
    expect(runs).toBe(2);

    // A second job of the same export (as the sweep adds for a job that completed without
    // finishing it) changes nothing.
    const again = await queue.add(
      EXPORT_JOB,
      { exportId },
      { jobId: `${exportJobId(exportId)}-again` },
    );
    const outcome = await eventually(
      async () => (await again.getState()) === 'completed' && (await queue.getJob(again.id!)),
      15_000,
      'the repeated job to finish',
    );
    expect(outcome?.returnvalue).toEqual({ exportId, outcome: 'skipped' });
    const [{ n: stillOne }] = (await ctx.db.query(
      `SELECT count(*)::int AS n FROM outbox
        WHERE event_type = 'export.completed' AND payload->>'exportId' = $1`,
      [exportId],
    )) as { n: number }[];
    expect(stillOne).toBe(1);
    expect(readdirSync(storage)).toEqual([`${exportId}.csv`]);

    await checkInvariantsOnceRelayed(ctx.db);
  }, 80_000);
});
