import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportJobId } from '../src/exports/exports.processor';
import { QUEUES } from '../src/queues/queues';
import { createTestApp, eventually, TestContext } from './support/app';

/**
 * An export is never left queued or running for good (src/queues/job-sweep.ts): its row is the
 * truth, and the worker's sweep compares it with what BullMQ holds.
 */
describe('exports whose job went missing or failed for good', () => {
  let ctx: TestContext;
  let storage: string;

  beforeAll(async () => {
    storage = mkdtempSync(path.join(tmpdir(), 'exports-sweep-'));
    ctx = await createTestApp({
      worker: true,
      env: { EXPORT_STORAGE_DIR: storage, EXPORT_SWEEP_MS: '200', EXPORT_LEDGER_CRON: 'off' },
    });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(storage, { recursive: true, force: true });
  });

  const insertExport = async (id = randomUUID()) => {
    // Straight in SQL: no `export.requested` event, so no job, as after Redis lost it.
    await ctx.db.query(
      `INSERT INTO exports (id, type, format) VALUES ($1, 'award_register', 'csv')`,
      [id],
    );
    return id;
  };
  const exportRow = async (id: string) =>
    (
      (await ctx.db.query('SELECT status, failure_reason FROM exports WHERE id = $1', [id])) as {
        status: string;
        failure_reason: string | null;
      }[]
    )[0];

  it('queues again an export that has no job, and it completes', async () => {
    const id = await insertExport();
    const done = await eventually(
      async () => ((await exportRow(id)).status === 'completed' ? exportRow(id) : null),
      10_000,
      'the swept export to complete',
    );
    expect(done).toEqual({ status: 'completed', failure_reason: null });
    expect(await ctx.queue(QUEUES.exports).getJob(exportJobId(id))).toBeDefined();
  });

  it('fails, with the reason, an export whose job failed for good, once', async () => {
    // First a job under the export's id that cannot succeed (attempts spent, BullMQ gives up on
    // it), then the export: the sweep finds the failed job, never a missing one.
    const id = randomUUID();
    const queue = ctx.queue(QUEUES.exports);
    await queue.add('not-an-export', { exportId: id }, { jobId: exportJobId(id), attempts: 1 });
    await eventually(
      async () => (await queue.getJob(exportJobId(id)))?.failedReason,
      10_000,
      'the job to fail',
    );
    await insertExport(id);
    const failed = await eventually(
      async () => ((await exportRow(id)).status === 'failed' ? exportRow(id) : null),
      10_000,
      'the export to be failed',
    );
    expect(failed.failure_reason).toContain('no handler for exports job');
    // Later sweeps leave the final export (and its audit trail) as it is.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const events = (await ctx.db.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
      [id],
    )) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(['export.failed']);
    expect(await exportRow(id)).toEqual(failed);
  });
});
