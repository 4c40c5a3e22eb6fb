import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import request from 'supertest';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import { QUEUES } from '../../src/queues/queues';
import { createTestApp, eventually, sleep, TestContext } from '../support/app';
import { bearer } from '../support/factories';
import { seedApprovedDisbursements } from '../payment-runs.seed';
import { checkInvariants } from './invariants';
import { spawnWorker } from './processes';

const ENTRIES = 2_000;
/**
 * BullMQ's lock and stalled check, short so the killed worker's job comes back in seconds; the
 * lock stays well above twice the longest stretch this run holds the CPU.
 */
const QUEUE_TIMINGS = { QUEUE_LOCK_MS: '5000', QUEUE_STALLED_CHECK_MS: '500' };

describe('payment run: worker killed with SIGKILL mid-run (SPEC §5.7 exactly once)', () => {
  let ctx: TestContext;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    ctx = await createTestApp({ env: QUEUE_TIMINGS });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await ctx.close();
  });

  it('no entry in two files, none lost, after a kill and a restart', async () => {
    const { user, auth } = await bearer(ctx, { role: 'finance_officer' });
    const { ids } = await seedApprovedDisbursements(ctx.db, ctx.api.get(FieldEncryption), {
      rail: 'ach',
      count: ENTRIES,
      userId: user.id,
    });
    worker = spawnWorker(ctx.env);
    const res = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', auth)
      .send({ rail: 'ach', executionDate: new Date().toISOString().slice(0, 10) })
      .expect(202);
    const runId = res.body.id as string;

    const queue = ctx.queue(QUEUES.paymentRuns);
    await eventually(async () => (await queue.getActiveCount()) > 0, 60_000, 'the job to start');
    const killed = once(worker, 'exit');
    worker.kill('SIGKILL');
    await killed;
    const [afterKill] = await ctx.db.query('SELECT status FROM payment_runs WHERE id = $1', [
      runId,
    ]);
    expect(['queued', 'running', 'completed']).toContain(afterKill.status);

    // The job stays active, locked by the dead worker, until its lock expires; the new worker's
    // stalled check then gives it back.
    await sleep(200);
    worker = spawnWorker(ctx.env);
    await eventually(
      async () => {
        const [run] = await ctx.db.query('SELECT status FROM payment_runs WHERE id = $1', [runId]);
        return run.status === 'completed';
      },
      60_000,
      'the run to complete after the restart',
    );

    const [check] = await ctx.db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent' AND payment_run_id = $1)::int AS sent,
              count(*) FILTER (WHERE payment_run_id IS DISTINCT FROM $1)::int AS elsewhere
         FROM disbursements WHERE id = ANY($2)`,
      [runId, ids],
    );
    expect(check).toEqual({ sent: ENTRIES, elsewhere: 0 });
    const runs = await ctx.db.query(`SELECT id, status, entry_count, file FROM payment_runs`);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', entry_count: ENTRIES });
    const entryLines = (runs[0].file as Buffer)
      .toString('ascii')
      .split('\n')
      .filter((l) => l[0] === '6');
    expect(entryLines).toHaveLength(ENTRIES);
    const [{ n: events }] = await ctx.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'disbursement.sent'`,
    );
    expect(events).toBe(ENTRIES);
    const report = await checkInvariants(ctx.db);
    expect(report).toMatchObject({ filesChecked: 1, entriesChecked: ENTRIES });
  }, 150_000);
});
