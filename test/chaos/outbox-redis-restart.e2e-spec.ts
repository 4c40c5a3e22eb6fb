import request from 'supertest';
import { QUEUES } from '../../src/queues/queues';
import { createTestApp, eventually, sleep, TestContext } from '../support/app';
import { bearer } from '../support/factories';
import { ThrowawayRedis } from '../support/throwaway-redis';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { checkInvariants } from './invariants';
import { CONTENT_HASH, seedAwaitingCosign } from './seed';

/** Applications seeded awaiting the JP signature: more than the stream ever signs. */
const SEEDED = 1_000;
/** Signing lanes, each one request at a time: a steady stream, not a flood. */
const LANES = 4;
const RELAYED = 'SELECT count(*)::int AS n FROM outbox WHERE enqueued_at IS NOT NULL';
const PENDING = 'SELECT count(*)::int AS n FROM outbox WHERE enqueued_at IS NULL';

type Phase = 'before' | 'outage' | 'after';

interface Answer {
  id: string;
  status: number;
  code?: string;
  contentType: string;
  /** The phase when the request was sent and when its answer came. */
  sent: Phase;
  answered: Phase;
}

/**
 * SPEC §5.11 "no job is lost when Redis dies": Redis (which keeps nothing on disk here) is killed
 * while the relay is moving a steady stream of outbox rows into BullMQ, and comes back empty. Rows
 * relayed before the kill whose jobs had not run yet went with it; every event must still be
 * processed, once, and the API must answer meanwhile.
 */
describe('outbox relay: Redis restarts empty in the middle of a stream of events', () => {
  let redis: ThrowawayRedis;
  let receiver: WebhookReceiver;
  let ctx: TestContext;
  /** Ends the stream of requests (also when the test fails half-way). */
  let stopping = false;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    receiver = await startWebhookReceiver({ delayMs: 20 });
    ctx = await createTestApp({
      worker: true,
      env: {
        REDIS_URL: redis.url,
        OUTBOX_POLL_MS: '50',
        // Small batches: the relay is moving rows all the time the stream runs.
        OUTBOX_BATCH_SIZE: '20',
        WORKER_CONCURRENCY: '2',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_BACKOFF_BASE_MS: '200',
        WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    stopping = true;
    await redis?.start();
    await ctx?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('delivers every event once Redis is back, one delivery each; the API never answers 500', async () => {
    const admin = await bearer(ctx, { role: 'admin' });
    const subscription = await request(ctx.http)
      .post('/api/v1/webhooks')
      .set('Authorization', admin.auth)
      .send({ url: receiver.url, events: ['application.submitted'] })
      .expect(201);
    const { jp, ids } = await seedAwaitingCosign(ctx, SEEDED);
    const signer = await bearer(ctx, { role: 'city_user', cityId: jp.id, country: 'JP' });

    let phase: Phase = 'before';
    const answers: Answer[] = [];
    const pending = [...ids];
    const lane = async () => {
      while (!stopping) {
        const id = pending.shift();
        if (!id) return; // out of seeded applications: the phase waits below then time out
        const sent = phase;
        const res = await request(ctx.http)
          .post(`/api/v1/applications/${id}/sign`)
          .set('Authorization', signer.auth)
          .send({ contentHash: CONTENT_HASH });
        answers.push({
          id,
          status: res.status,
          code: res.body?.code,
          contentType: String(res.headers['content-type']),
          sent,
          answered: phase,
        });
      }
    };
    const stream = Promise.all(Array.from({ length: LANES }, lane));
    const answered = (p: Phase) => answers.filter((a) => a.answered === p).length;
    const count = async (sql: string) => ((await ctx.db.query(sql)) as { n: number }[])[0].n;
    // The relay and the worker keep up at first.
    await eventually(async () => (await count(RELAYED)) >= 60, 15_000, 'the relay to move rows');
    // Then the worker falls behind (paused, as a busy one would be): what the relay moves now
    // waits in Redis, relayed (enqueued_at set) but not processed.
    const events = ctx.queue(QUEUES.events);
    await events.pause();
    const waitingInRedis = async () => {
      const counts = await events.getJobCounts('waiting', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    };
    // These are the jobs the restart destroys: without a way to find them again, their events
    // are never processed (no webhook delivery below).
    await eventually(
      async () => (await waitingInRedis()) >= 30,
      15_000,
      'relayed jobs to wait in Redis',
    );

    phase = 'outage';
    await redis.stop();
    const outageStarted = Date.now();
    const ready = await request(ctx.http).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details?.redis?.status).toBe('down');
    await eventually(
      async () => answered('outage') >= 40 && Date.now() - outageStarted >= 1_000,
      20_000,
      'requests answered during the outage',
    );
    const pendingDuringOutage = await count(PENDING);

    await redis.start(); // empty: the waiting jobs, the pause and every completed job are gone
    phase = 'after';
    await eventually(async () => answered('after') >= 80, 20_000, 'requests after the restart');
    stopping = true;
    await stream;
    await eventually(
      async () => (await request(ctx.http).get('/health/ready')).status === 200,
      10_000,
      '/health/ready to be 200 again',
    );

    // The API answered every request with a success or a clear 503, never a 500.
    const unexpected = answers.filter(
      (a) =>
        a.status !== 200 &&
        !(a.status === 503 && a.code === 'unavailable' && a.contentType.includes('problem+json')),
    );
    expect(unexpected).toEqual([]);
    const signed = answers.filter((a) => a.status === 200).map((a) => a.id);
    expect(answers.filter((a) => a.sent === 'outage').length).toBeGreaterThanOrEqual(40);
    // Changes kept being recorded while Redis was away, and waited in the outbox.
    expect(pendingDuringOutage).toBeGreaterThan(0);

    // Each signed application is submitted, with its one event; the others did not move.
    const submitted = (await ctx.db.query(
      `SELECT a.id FROM applications a WHERE a.status = 'submitted'`,
    )) as { id: string }[];
    expect(new Set(submitted.map((r) => r.id))).toEqual(new Set(signed));
    const eventRows = (await ctx.db.query(
      `SELECT id, payload->>'applicationId' AS "applicationId" FROM outbox
        WHERE event_type = 'application.submitted'`,
    )) as { id: string; applicationId: string }[];
    expect(eventRows.map((r) => r.applicationId).sort()).toEqual([...signed].sort());

    // Every row relayed after the restart …
    await eventually(async () => (await count(PENDING)) === 0, 20_000, 'the relay to catch up');

    // … and every event processed by the domain-events worker: its webhook delivery made, and
    // delivered. Events whose job died with Redis would never get one.
    const undelivered = async () =>
      (await ctx.db.query(
        `SELECT o.id, count(d.id)::int AS deliveries,
                count(d.id) FILTER (WHERE d.status = 'succeeded')::int AS succeeded
           FROM outbox o
           LEFT JOIN webhook_deliveries d ON d.event_id = o.id AND d.subscription_id = $1
          WHERE o.event_type = 'application.submitted'
          GROUP BY o.id
         HAVING count(d.id) <> 1 OR count(d.id) FILTER (WHERE d.status = 'succeeded') <> 1`,
        [subscription.body.id],
      )) as { id: string; deliveries: number; succeeded: number }[];
    const deadline = Date.now() + 25_000;
    let missing = await undelivered();
    while (missing.length && Date.now() < deadline) {
      await sleep(200);
      missing = await undelivered();
    }
    expect({ events: eventRows.length, undelivered: missing.length }).toEqual({
      events: signed.length,
      undelivered: 0,
    });
    // The receiver heard of every event, and of nothing else.
    expect(new Set(receiver.received.map((r) => r.webhookId))).toEqual(
      new Set(eventRows.map((r) => r.id)),
    );

    const report = await checkInvariants(ctx.db, { relayed: true });
    expect(report.outboxRows).toBeGreaterThanOrEqual(signed.length);
    // The stream was long: hundreds of transitions, before, during and after the outage.
    expect(signed.length).toBeGreaterThanOrEqual(200);
  }, 60_000);
});
