import type { Queue } from 'bullmq';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import { QUEUES } from '../../src/queues/queues';
import { eventually } from '../support/app';
import { bearer, createRound } from '../support/factories';
import { seedApprovedDisbursements } from '../payment-runs.seed';
import { checkInvariantsOnceRelayed } from '../chaos/invariants';
import { Cluster } from './cluster';

const ENTRIES = 2_000;
const JP_CITIES = 100;
const US_CITIES = 200;
const APPLICATIONS = JP_CITIES * US_CITIES;

/** APPLICATIONS submitted applications in `roundId`, in SQL (as test/chaos/export-worker-kill). */
async function seedApplications(cluster: Cluster, roundId: string, createdBy: string) {
  const { db } = cluster.ctx;
  await db.query(
    `INSERT INTO cities (country, name_en, region, timezone)
     SELECT 'JP', 'Scale JP ' || i, 'JP-' || lpad((1 + i % 47)::text, 2, '0'), 'Asia/Tokyo'
       FROM generate_series(0, $1 - 1) i
     UNION ALL
     SELECT 'US', 'Scale US ' || i, 'US-S' || (i % 50), 'America/Chicago'
       FROM generate_series(0, $2 - 1) i`,
    [JP_CITIES, US_CITIES],
  );
  await db.query(
    `INSERT INTO partnerships (jp_city_id, us_city_id, established_on, status)
     SELECT jp.id, us.id, DATE '1960-01-01', 'active'
       FROM cities jp CROSS JOIN cities us
      WHERE jp.name_en LIKE 'Scale JP %' AND us.name_en LIKE 'Scale US %'`,
  );
  await db.query(
    `INSERT INTO applications (round_id, partnership_id, jp_city_id, us_city_id, status, title,
                               summary, starts_on, ends_on, budget_lines, content_hash, created_by,
                               submitted_at, version)
     SELECT $1, p.id, p.jp_city_id, p.us_city_id, 'submitted', '{"en":"Exchange","ja":"交流"}',
            '{"en":"Visit"}', DATE '2027-04-01', DATE '2027-09-30',
            '[{"side":"US","category":"travel","description":"Flights","amountMinor":100000,"currency":"USD"}]',
            repeat('0', 64), $2, now(), 1
       FROM partnerships p JOIN cities c ON c.id = p.jp_city_id
      WHERE c.name_en LIKE 'Scale JP %'`,
    [roundId, createdBy],
  );
}

/**
 * The worker holding `queue`'s active job is killed (SIGKILL), and the other worker, alive all
 * along, must finish the job once its lock has expired. Returns the index of the killed worker
 * and when it died.
 */
async function killTheWorkerHoldingTheJob(
  cluster: Cluster,
  queue: Queue,
  jobId: string,
  midway: () => Promise<boolean>,
) {
  const holder = await eventually(
    async () => {
      const job = await queue.getJob(jobId);
      const pid = Number(job?.processedBy?.split(':').pop());
      return (await job?.getState()) === 'active' && pid && (await midway())
        ? cluster.workers.findIndex((w) => w.pid === pid) + 1
        : null;
    },
    20_000,
    `the job ${jobId} to be active`,
  );
  expect(holder).toBeGreaterThan(0);
  await cluster.killWorker(holder - 1);
  return { killed: holder - 1, at: Date.now() };
}

describe('scale-out: kill -9 of a worker mid-job, the other worker finishes (SPEC §5.7, §5.9)', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await Cluster.start();
  }, 90_000);
  afterAll(() => cluster?.close());

  it('payment run: the surviving worker completes it; no disbursement in two files', async () => {
    const { ctx } = cluster;
    const { user, auth } = await bearer(ctx, { role: 'finance_officer' });
    const { ids } = await seedApprovedDisbursements(ctx.db, ctx.api.get(FieldEncryption), {
      rail: 'ach',
      count: ENTRIES,
      userId: user.id,
    });
    const began = Date.now();
    const res = await request(cluster.url)
      .post('/api/v1/payment-runs')
      .set('Authorization', auth)
      .send({ rail: 'ach', executionDate: new Date().toISOString().slice(0, 10) })
      .expect(202);
    const runId = res.body.id as string;

    const { killed, at } = await killTheWorkerHoldingTheJob(
      cluster,
      ctx.queue(QUEUES.paymentRuns),
      `payment-run-${runId}`,
      // The run row claimed (its entries being written), not just the job taken.
      async () => {
        const [run] = await ctx.db.query('SELECT status FROM payment_runs WHERE id = $1', [runId]);
        return run.status === 'running';
      },
    );
    const [afterKill] = await ctx.db.query('SELECT status FROM payment_runs WHERE id = $1', [
      runId,
    ]);
    const done = await eventually(
      async () => {
        const run = await request(cluster.url)
          .get(`/api/v1/payment-runs/${runId}`)
          .set('Authorization', auth)
          .expect(200);
        return ['completed', 'failed'].includes(run.body.status) && run.body;
      },
      30_000,
      'the other worker to complete the run',
    );
    const recoveredMs = Date.now() - at;
    expect(done).toMatchObject({ status: 'completed', entryCount: ENTRIES });

    const [check] = await ctx.db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent' AND payment_run_id = $1)::int AS sent,
              count(*) FILTER (WHERE payment_run_id IS DISTINCT FROM $1)::int AS elsewhere
         FROM disbursements WHERE id = ANY($2)`,
      [runId, ids],
    );
    expect(check).toEqual({ sent: ENTRIES, elsewhere: 0 });
    const runs = (await ctx.db.query(`SELECT id, status FROM payment_runs`)) as object[];
    expect(runs).toEqual([{ id: runId, status: 'completed' }]);
    const [{ n: sentEvents }] = await ctx.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'disbursement.sent'`,
    );
    expect(sentEvents).toBe(ENTRIES);
    const report = await cluster.explained(() => checkInvariantsOnceRelayed(ctx.db));
    expect(report).toMatchObject({ filesChecked: 1, entriesChecked: ENTRIES });
    console.log(
      `scale worker kill, payment run: ${JSON.stringify({
        entries: ENTRIES,
        killed: `worker${killed + 1}`,
        statusAtKill: afterKill.status,
        recoveredMs,
        totalMs: Date.now() - began,
        files: runs.length,
      })}`,
    );

    await cluster.startWorker(killed); // two workers again for the next test
  }, 90_000);

  it('export: the surviving worker completes it once, one whole file', async () => {
    const { ctx } = cluster;
    const { user, auth } = await bearer(ctx, { role: 'program_officer' });
    const round = await createRound(ctx);
    await seedApplications(cluster, round.id, user.id);
    const began = Date.now();
    const accepted = await request(cluster.url)
      .post('/api/v1/exports')
      .set('Authorization', auth)
      .send({ type: 'round_summary', roundId: round.id, format: 'csv' })
      .expect(202);
    const exportId = accepted.body.id as string;

    // Killed while the file is being written.
    const partial = () =>
      readdirSync(cluster.exportDir).some(
        (f) =>
          f.startsWith(exportId) &&
          f.endsWith('.part') &&
          statSync(path.join(cluster.exportDir, f)).size > 0,
      );
    const { killed, at } = await killTheWorkerHoldingTheJob(
      cluster,
      ctx.queue(QUEUES.exports),
      `export-${exportId}`,
      async () => partial(),
    );
    const [atKill] = (await ctx.db.query(`SELECT status FROM exports WHERE id = $1`, [
      exportId,
    ])) as { status: string }[];

    const done = await eventually(
      async () => {
        const res = await request(cluster.url)
          .get(`/api/v1/exports/${exportId}`)
          .set('Authorization', auth)
          .expect(200);
        return ['completed', 'failed'].includes(res.body.status) && res.body;
      },
      30_000,
      'the other worker to complete the export',
    );
    const recoveredMs = Date.now() - at;
    expect(done).toMatchObject({ id: exportId, status: 'completed', failureReason: null });
    expect(Number(done.rowCount)).toBeGreaterThan(APPLICATIONS);

    // Completed once: one export, one file and nothing partial beside it, one completion event.
    const exports = (await ctx.db.query(`SELECT id, status FROM exports`)) as object[];
    expect(exports).toEqual([{ id: exportId, status: 'completed' }]);
    expect(readdirSync(cluster.exportDir)).toEqual([`${exportId}.csv`]);
    const [{ completions }] = (await ctx.db.query(
      `SELECT count(*)::int AS completions FROM outbox
        WHERE event_type = 'export.completed' AND payload->>'exportId' = $1`,
      [exportId],
    )) as { completions: number }[];
    expect(completions).toBe(1);
    await cluster.explained(() => checkInvariantsOnceRelayed(ctx.db));
    console.log(
      `scale worker kill, export: ${JSON.stringify({
        applications: APPLICATIONS,
        rows: done.rowCount,
        killed: `worker${killed + 1}`,
        statusAtKill: atKill.status,
        recoveredMs,
        totalMs: Date.now() - began,
        files: readdirSync(cluster.exportDir).length,
      })}`,
    );
  }, 90_000);
});
