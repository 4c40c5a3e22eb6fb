import request from 'supertest';
import { QUEUES } from '../../src/queues/queues';
import { WEBHOOK_JOB, webhookJobId } from '../../src/webhooks/webhook.jobs';
import { createTestApp, eventually, TestContext } from '../support/app';
import { bearer, createCity, createPartnership, createRound } from '../support/factories';
import { standardWebhookSignature } from '../support/standard-webhooks';
import {
  type ReceivedHook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver';
import { checkInvariantsOnceRelayed } from './invariants';
import { killWorker, spawnWorker, WorkerProcess } from './processes';

const WEBHOOKS = '/api/v1/webhooks';
/** Deliveries the worker runs at once: that many are in flight when it is killed. */
const CONCURRENCY = 3;
/** More events than CONCURRENCY: the rest wait in the queue while the first ones hang. */
const EVENTS = 5;

/** Standard Webhooks, checked here independently of src/webhooks/signature.ts. */
function expectSignedBy(secret: string, message: ReceivedHook) {
  const id = String(message.headers['webhook-id']);
  const timestamp = String(message.headers['webhook-timestamp']);
  expect(message.headers['webhook-signature']).toBe(
    standardWebhookSignature(secret, { id, timestamp, body: message.body }),
  );
  expect(Math.abs(message.at / 1000 - Number(timestamp))).toBeLessThan(60);
  expect(JSON.parse(message.body)).toMatchObject({ id, type: 'application.submitted' });
}

describe('webhooks: worker killed with SIGKILL mid-delivery (SPEC §5.10, at least once)', () => {
  let ctx: TestContext;
  let receiver: WebhookReceiver;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ hold: true });
    ctx = await createTestApp({
      env: {
        WORKER_CONCURRENCY: String(CONCURRENCY),
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        // Longer than the hold: the attempts in flight end with the worker, not by timing out.
        WEBHOOK_TIMEOUT_MS: '30000',
        WEBHOOK_BACKOFF_BASE_MS: '200',
        // The killed worker's deliveries come back in seconds: its locks expire, the new worker's
        // stalled check gives them back. Deliveries wait on the network, never on the CPU.
        QUEUE_LOCK_MS: '3000',
        QUEUE_STALLED_CHECK_MS: '500',
      },
    });
  });
  afterAll(async () => {
    if (worker) await killWorker(worker);
    await receiver?.close();
    await ctx?.close();
  });

  /** EVENTS applications co-signed over HTTP: one `application.submitted` each. */
  async function submitApplications(): Promise<string[]> {
    const round = await createRound(ctx);
    const us = await createCity(ctx, { country: 'US' });
    const usUser = await bearer(ctx, { role: 'city_user', cityId: us.id });
    const ids: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const jp = await createCity(ctx, { country: 'JP' });
      const jpUser = await bearer(ctx, { role: 'city_user', cityId: jp.id });
      const partnership = await createPartnership(ctx, jp, us);
      const draft = await request(ctx.http)
        .post('/api/v1/applications')
        .set('Authorization', jpUser.auth)
        .send({
          roundId: round.id,
          partnershipId: partnership.id,
          title: { en: `Exchange ${i}`, ja: `交流 ${i}` },
          summary: { en: 'Students visit.', ja: '学生が訪問する。' },
          startsOn: '2027-04-01',
          endsOn: '2027-09-30',
          budgetLines: [
            {
              side: 'US',
              category: 'travel',
              description: 'Flights',
              amountMinor: 300_000,
              currency: 'USD',
            },
          ],
        })
        .expect(201);
      for (const signer of [jpUser, usUser]) {
        await request(ctx.http)
          .post(`/api/v1/applications/${draft.body.id}/sign`)
          .set('Authorization', signer.auth)
          .send({ contentHash: draft.body.contentHash })
          .expect(200);
      }
      ids.push(draft.body.id as string);
    }
    return ids;
  }

  it('delivers every event, signed, once per subscription, after a kill mid-delivery', async () => {
    const admin = await bearer(ctx, { role: 'admin' });
    worker = spawnWorker(ctx.env);
    const created = await request(ctx.http)
      .post(WEBHOOKS)
      .set('Authorization', admin.auth)
      .send({ url: receiver.url, events: ['application.submitted'], description: 'chaos' })
      .expect(201);
    const { id: subscriptionId, secret } = created.body as { id: string; secret: string };

    const applicationIds = await submitApplications();
    const events = (await ctx.db.query(
      `SELECT id FROM outbox WHERE event_type = 'application.submitted'
          AND payload->>'applicationId' = ANY($1)`,
      [applicationIds],
    )) as { id: string }[];
    const eventIds = events.map((e) => e.id).sort();
    expect(eventIds).toHaveLength(EVENTS);

    // Killed with CONCURRENCY deliveries in flight (sent, unanswered) and the others queued.
    await worker.started;
    const queue = ctx.queue(QUEUES.webhooks);
    await eventually(
      async () => {
        const counts = await queue.getJobCounts('active', 'waiting');
        return (
          receiver.held().length === CONCURRENCY &&
          counts.active === CONCURRENCY &&
          counts.waiting === EVENTS - CONCURRENCY
        );
      },
      20_000,
      `${CONCURRENCY} deliveries in flight and the others queued`,
    );
    const inFlight = [...new Set(receiver.received.map((r) => String(r.headers['webhook-id'])))];
    expect(inFlight).toHaveLength(CONCURRENCY);
    await killWorker(worker);
    const [killed] = (await ctx.db.query(
      `SELECT count(*)::int AS rows, count(*) FILTER (WHERE status = 'pending')::int AS pending
         FROM webhook_deliveries WHERE subscription_id = $1`,
      [subscriptionId],
    )) as { rows: number; pending: number }[];
    expect(killed).toEqual({ rows: EVENTS, pending: EVENTS });

    // The receiver comes back healthy; so does the worker.
    receiver.release();
    worker = spawnWorker(ctx.env);
    const succeeded = async () => {
      const [row] = (await ctx.db.query(
        `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS n
           FROM webhook_deliveries WHERE subscription_id = $1`,
        [subscriptionId],
      )) as { n: number }[];
      return row.n;
    };
    // A delivery is recorded in PostgreSQL before its job returns to BullMQ, which then moves it
    // to `completed`: both are waited for, or the job list below can be read between the two.
    await eventually(
      async () =>
        (await succeeded()) === EVENTS &&
        (await queue.getJobCounts('completed')).completed === EVENTS,
      30_000,
      'every delivery to succeed after the restart, and its job to complete',
    );

    // Exactly one delivery row per (subscription, event), every one delivered.
    const rows = (await ctx.db.query(
      `SELECT id, event_id, status, attempts FROM webhook_deliveries WHERE subscription_id = $1
        ORDER BY event_id`,
      [subscriptionId],
    )) as { id: string; event_id: string; status: string; attempts: number }[];
    expect(rows.map((r) => [r.event_id, r.status])).toEqual(
      eventIds.map((id) => [id, 'succeeded']),
    );

    // The deliveries in flight at the kill came back as their own jobs, given back once by the
    // stalled check; no job was copied.
    const jobs = await queue.getJobs(['completed']);
    expect(jobs.map((job) => job.id).sort()).toEqual(rows.map((r) => webhookJobId(r.id)).sort());
    for (const job of jobs) {
      const row = rows.find((r) => webhookJobId(r.id) === job.id)!;
      expect(job.stalledCounter).toBe(inFlight.includes(row.event_id) ? 1 : 0);
    }

    // The receiver saw every event at least once, the ones in flight at the kill again; every
    // copy is the same message, signed.
    const seen = new Map<string, ReceivedHook[]>();
    for (const message of receiver.received) {
      const id = String(message.headers['webhook-id']);
      seen.set(id, [...(seen.get(id) ?? []), message]);
    }
    expect([...seen.keys()].sort()).toEqual(eventIds);
    for (const id of inFlight) expect(seen.get(id)!.length).toBeGreaterThanOrEqual(2);
    for (const messages of seen.values()) {
      expect(new Set(messages.map((m) => m.body)).size).toBe(1);
      for (const message of messages) expectSignedBy(secret, message);
    }

    // Attempts are logged: the one that got its 204, never more than the receiver saw.
    const logged = await request(ctx.http)
      .get(`${WEBHOOKS}/${subscriptionId}/deliveries?limit=100`)
      .set('Authorization', admin.auth)
      .expect(200);
    const deliveries = logged.body.data as {
      id: string;
      eventId: string;
      status: string;
      attempts: { statusCode: number | null; error: string | null }[];
    }[];
    expect(deliveries).toHaveLength(EVENTS);
    for (const delivery of deliveries) {
      const row = rows.find((r) => r.id === delivery.id)!;
      expect(delivery).toMatchObject({ eventId: row.event_id, status: 'succeeded' });
      expect(delivery.attempts.length).toBeGreaterThanOrEqual(1);
      expect(delivery.attempts.length).toBe(row.attempts);
      expect(delivery.attempts.length).toBeLessThanOrEqual(seen.get(row.event_id)!.length);
      expect(delivery.attempts.at(-1)).toMatchObject({ statusCode: 204, error: null });
    }

    // Another job of an ended delivery (the killed worker's jobs came back through BullMQ's
    // stalled check and ended them) sends nothing.
    const stale = rows.find((r) => r.event_id === inFlight[0])!;
    const posts = receiver.received.length;
    const again = await queue.add(
      WEBHOOK_JOB,
      { deliveryId: stale.id },
      { jobId: `${webhookJobId(stale.id)}-again` },
    );
    await eventually(
      async () => (await again.getState()) === 'completed',
      15_000,
      'the repeated job to finish',
    );
    expect(receiver.received).toHaveLength(posts);
    expect(await succeeded()).toBe(EVENTS);

    await checkInvariantsOnceRelayed(ctx.db);
  }, 80_000);
});
