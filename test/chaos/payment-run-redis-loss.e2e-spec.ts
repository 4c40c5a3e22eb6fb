import request from 'supertest';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import { paymentRunJobId } from '../../src/payment-runs/payment-run.jobs';
import { QUEUES } from '../../src/queues/queues';
import { createTestApp, eventually, TestContext } from '../support/app';
import { bearer } from '../support/factories';
import { ThrowawayRedis } from '../support/throwaway-redis';
import { seedApprovedDisbursements } from '../payment-runs.seed';
import { checkInvariantsOnceRelayed } from './invariants';

/**
 * Exactly once (SPEC §5.7) when Redis loses everything between enqueue and processing: the run
 * row is the source of truth, the worker's sweep re-enqueues it, and each disbursement still goes
 * out in exactly one file.
 */
describe('payment runs: a Redis restart between enqueue and processing', () => {
  let redis: ThrowawayRedis;
  let ctx: TestContext;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    ctx = await createTestApp({
      worker: true,
      env: { REDIS_URL: redis.url, PAYMENT_RUN_SWEEP_MS: '300' },
    });
  });
  afterAll(async () => {
    await redis.start();
    await ctx.close();
    await redis.stop();
  });

  it('completes the run once Redis is back, each disbursement in one file', async () => {
    const officer = await bearer(ctx, { role: 'finance_officer' });
    const { ids } = await seedApprovedDisbursements(ctx.db, ctx.api.get(FieldEncryption), {
      rail: 'ach',
      count: 25,
      userId: officer.user.id,
    });
    const queue = ctx.queue(QUEUES.paymentRuns);
    // Hold processing so the job sits in Redis, enqueued but not run.
    await queue.pause();
    const run = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', officer.auth)
      .send({ rail: 'ach', executionDate: new Date().toISOString().slice(0, 10) })
      .expect(202);
    await eventually(async () => queue.getJob(paymentRunJobId(run.body.id)), 15_000, 'the job');

    // Redis keeps nothing on disk: after the restart the job (and the pause) are gone.
    await redis.stop();
    await redis.start();

    const done = await eventually(
      async () => {
        const res = await request(ctx.http)
          .get(`/api/v1/payment-runs/${run.body.id}`)
          .set('Authorization', officer.auth);
        return res.body.status === 'completed' ? res.body : null;
      },
      30_000,
      'the run to complete after the restart',
    );
    expect(done.entryCount).toBe(25);

    const rows = (await ctx.db.query(
      `SELECT status, payment_run_id FROM disbursements WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as { status: string; payment_run_id: string }[];
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.status === 'sent' && r.payment_run_id === run.body.id)).toBe(true);
    const [{ runs }] = (await ctx.db.query(
      `SELECT count(*)::int AS runs FROM payment_runs WHERE status = 'completed'`,
    )) as { runs: number }[];
    expect(runs).toBe(1);
    const [{ events }] = (await ctx.db.query(
      `SELECT count(*)::int AS events FROM outbox WHERE event_type = 'disbursement.sent'`,
    )) as { events: number }[];
    expect(events).toBe(25);
    const report = await checkInvariantsOnceRelayed(ctx.db);
    expect(report).toMatchObject({ filesChecked: 1, entriesChecked: 25 });
  }, 60_000);
});
