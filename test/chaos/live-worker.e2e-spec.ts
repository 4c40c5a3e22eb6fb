import { hostname } from 'node:os';
import type { Job } from 'bullmq';
import request from 'supertest';
import { QUEUES } from '../../src/queues/queues';
import { webhookJobId } from '../../src/webhooks/webhook.jobs';
import { createTestApp, eventually, sleep, TestContext } from '../support/app';
import { bearer } from '../support/factories';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { checkInvariantsOnceRelayed } from './invariants';
import { killWorker, spawnWorker, WorkerProcess } from './processes';
import { CONTENT_HASH, seedAwaitingCosign } from './seed';

/** Short, so the test is quick; deliveries only wait on the receiver, never on the CPU. */
const LOCK_MS = 3_000;
const STALLED_CHECK_MS = 500;

/** What startWorker names a worker process: BullMQ stores it on each job it takes. */
const workerName = (worker: WorkerProcess) => `${hostname()}:${worker.pid}`;

describe('two live workers: none copies the other’s jobs; a killed one’s are recovered', () => {
  let ctx: TestContext;
  let receiver: WebhookReceiver;
  let workerA: WorkerProcess | undefined;
  let workerB: WorkerProcess | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ hold: true });
    ctx = await createTestApp({
      env: {
        // Both deliveries fit on worker A at once.
        WORKER_CONCURRENCY: '2',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        // Longer than the test: a held attempt ends with its worker, never by timing out.
        WEBHOOK_TIMEOUT_MS: '60000',
        QUEUE_LOCK_MS: String(LOCK_MS),
        QUEUE_STALLED_CHECK_MS: String(STALLED_CHECK_MS),
      },
    });
  });
  afterAll(async () => {
    if (workerA) await killWorker(workerA);
    if (workerB) await killWorker(workerB);
    await receiver?.close();
    await ctx?.close();
  });

  it('B leaves A’s jobs alone while A lives, and takes over the one A held when A is killed', async () => {
    const admin = await bearer(ctx, { role: 'admin' });
    await request(ctx.http)
      .post('/api/v1/webhooks')
      .set('Authorization', admin.auth)
      .send({ url: receiver.url, events: ['application.submitted'], description: 'live' })
      .expect(201);
    const { jp, ids } = await seedAwaitingCosign(ctx, 2);
    const signer = await bearer(ctx, { role: 'city_user', cityId: jp.id, country: 'JP' });

    workerA = spawnWorker(ctx.env);
    await workerA.started;
    for (const id of ids) {
      await request(ctx.http)
        .post(`/api/v1/applications/${id}/sign`)
        .set('Authorization', signer.auth)
        .send({ contentHash: CONTENT_HASH })
        .expect(200);
    }
    // Both deliveries in flight on A: sent, unanswered.
    const queue = ctx.queue(QUEUES.webhooks);
    await eventually(
      async () => receiver.held().length === 2 && (await queue.getActiveCount()) === 2,
      20_000,
      'both deliveries in flight on worker A',
    );
    const deliveries = (await ctx.db.query(
      `SELECT id, event_id FROM webhook_deliveries ORDER BY created_at, id`,
    )) as { id: string; event_id: string }[];
    expect(deliveries.map((d) => d.event_id).sort()).toEqual(receiver.held().sort());
    const [first, second] = deliveries;
    const jobOf = async (delivery: { id: string }) =>
      (await queue.getJob(webhookJobId(delivery.id))) as Job;
    for (const delivery of deliveries) {
      expect(await jobOf(delivery)).toMatchObject({ processedBy: workerName(workerA) });
    }

    // B starts beside a live A, then runs its stalled checks for two whole lock periods: A renews
    // its locks, so nothing is copied, given back or sent again.
    workerB = spawnWorker(ctx.env);
    await workerB.started;
    await sleep(2 * LOCK_MS + STALLED_CHECK_MS);
    expect(receiver.received).toHaveLength(2);
    const jobIds = async () =>
      (await queue.getJobs(['active', 'wait', 'delayed', 'prioritized', 'completed', 'failed']))
        .map((job) => job.id)
        .sort();
    expect(await jobIds()).toEqual(deliveries.map((d) => webhookJobId(d.id)).sort());
    expect(await queue.getActiveCount()).toBe(2);
    for (const delivery of deliveries) {
      expect(await jobOf(delivery)).toMatchObject({
        processedBy: workerName(workerA),
        attemptsStarted: 1,
        stalledCounter: 0,
      });
    }

    // A finishes the first delivery itself, once.
    receiver.answer(first.event_id);
    await eventually(
      async () => (await jobOf(first).then((job) => job.getState())) === 'completed',
      10_000,
      'worker A to complete the first delivery',
    );
    expect(await jobOf(first)).toMatchObject({
      processedBy: workerName(workerA),
      attemptsStarted: 1,
      stalledCounter: 0,
    });

    // A is killed with the second delivery in flight: B gets it once A's lock has expired.
    receiver.release();
    const killedAt = Date.now();
    await killWorker(workerA);
    const retried = await eventually(
      async () => receiver.received.find((r, i) => i >= 2 && r.webhookId === second.event_id),
      LOCK_MS + 2 * STALLED_CHECK_MS + 5_000,
      'worker B to attempt the delivery A held',
    );
    // About one lock plus one stalled check, far below BullMQ's default 30 s lock.
    expect(retried.at - killedAt).toBeLessThan(LOCK_MS + 2 * STALLED_CHECK_MS + 2_000);
    await eventually(
      async () => (await jobOf(second).then((job) => job.getState())) === 'completed',
      10_000,
      'worker B to complete the second delivery',
    );
    expect(await jobOf(second)).toMatchObject({
      processedBy: workerName(workerB),
      attemptsStarted: 2,
      stalledCounter: 1,
    });

    // Each delivery succeeded once; the receiver saw the first event once, the second twice
    // (the killed attempt, then B's): at least once, and no more. Still only the two jobs.
    const rows = (await ctx.db.query(
      `SELECT d.event_id, d.status,
              (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id) AS attempts
         FROM webhook_deliveries d ORDER BY d.created_at, d.id`,
    )) as { event_id: string; status: string; attempts: number }[];
    expect(rows).toEqual([
      { event_id: first.event_id, status: 'succeeded', attempts: 1 },
      { event_id: second.event_id, status: 'succeeded', attempts: 1 },
    ]);
    expect(receiver.count(first.event_id)).toBe(1);
    expect(receiver.count(second.event_id)).toBe(2);
    expect(await jobIds()).toEqual(deliveries.map((d) => webhookJobId(d.id)).sort());

    await checkInvariantsOnceRelayed(ctx.db);
  }, 60_000);
});
