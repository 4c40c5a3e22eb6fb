import { readdirSync } from 'node:fs';
import request from 'supertest';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import { eventually, sleep } from '../support/app';
import { bearer } from '../support/factories';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { seedApprovedDisbursements } from '../payment-runs.seed';
import { checkInvariantsOnceRelayed } from '../chaos/invariants';
import { CONTENT_HASH, seedAwaitingCosign } from '../chaos/seed';
import { Cluster } from './cluster';

const SEEDED = 800;
const LANES = 4;
const ENTRIES = 2_000;
const REDIS_DOWN_MS = 1_000;
const count = async (cluster: Cluster, sql: string, params: unknown[] = []) =>
  ((await cluster.ctx.db.query(sql, params)) as { n: number }[])[0].n;

/**
 * Redis (the cluster's own redis-server, no persistence) is stopped and started again, empty,
 * while requests stream through the balancer to both APIs and both workers run a payment run, an
 * export and the events of the stream. Afterwards every piece of queued work is done, and done
 * once: one file for the run, one for the export, one webhook delivery per event (received once),
 * one e-mail per notification; every acknowledged request is in PostgreSQL.
 */
describe('scale-out: Redis restarts empty under 2 APIs and 2 workers', () => {
  let cluster: Cluster;
  let receiver: WebhookReceiver;
  let stopping = false;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    cluster = await Cluster.start({ env: { OUTBOX_POLL_MS: '50', OUTBOX_BATCH_SIZE: '20' } });
  }, 90_000);
  afterAll(async () => {
    stopping = true;
    await cluster?.close();
    await receiver?.close();
  });

  it('finishes the queued work once Redis is back, nothing twice, no request lost', async () => {
    const { ctx } = cluster;
    const admin = await bearer(ctx, { role: 'admin' });
    const subscription = await request(cluster.url)
      .post('/api/v1/webhooks')
      .set('Authorization', admin.auth)
      .send({ url: receiver.url, events: ['application.submitted'] })
      .expect(201);
    const { jp, ids } = await seedAwaitingCosign(ctx, SEEDED);
    const signer = await bearer(ctx, { role: 'city_user', cityId: jp.id, country: 'JP' });
    const finance = await bearer(ctx, { role: 'finance_officer' });
    await seedApprovedDisbursements(ctx.db, ctx.api.get(FieldEncryption), {
      rail: 'ach',
      count: ENTRIES,
      userId: finance.user.id,
    });
    const officer = await bearer(ctx, { role: 'program_officer' });
    const [{ round_id: roundId }] = (await ctx.db.query(
      `SELECT round_id FROM applications LIMIT 1`,
    )) as { round_id: string }[];

    const answers: { id: string; status: number; code?: string }[] = [];
    const pending = [...ids];
    const lane = async () => {
      while (!stopping) {
        const id = pending.shift();
        if (!id) return;
        const res = await request(cluster.url)
          .post(`/api/v1/applications/${id}/sign`)
          .set('Authorization', signer.auth)
          .send({ contentHash: CONTENT_HASH });
        answers.push({ id, status: res.status, code: res.body?.code });
      }
    };
    const began = Date.now();
    const stream = Promise.all(Array.from({ length: LANES }, lane));
    await eventually(
      async () =>
        (await count(
          cluster,
          'SELECT count(*)::int AS n FROM outbox WHERE enqueued_at IS NOT NULL',
        )) >= 40,
      20_000,
      'the relay to move rows',
    );

    // A payment run running on one of the workers when Redis goes; an export requested while
    // Redis is away (its job can only be queued once Redis is back).
    const today = new Date().toISOString().slice(0, 10);
    const run = await request(cluster.url)
      .post('/api/v1/payment-runs')
      .set('Authorization', finance.auth)
      .send({ rail: 'ach', executionDate: today })
      .expect(202);
    const runStatus = async () =>
      (
        (await ctx.db.query(`SELECT status FROM payment_runs WHERE id = $1`, [run.body.id])) as {
          status: string;
        }[]
      )[0].status;
    await eventually(async () => (await runStatus()) !== 'queued', 20_000, 'the run to start');
    const answeredBefore = answers.length;
    await cluster.redis.stop();
    const runAtStop = await runStatus();
    const exported = await request(cluster.url)
      .post('/api/v1/exports')
      .set('Authorization', officer.auth)
      .send({ type: 'round_summary', roundId, format: 'csv' })
      .expect(202);
    await sleep(REDIS_DOWN_MS);
    await cluster.redis.start();
    const restartedAt = Date.now();
    await eventually(
      async () => answers.length >= answeredBefore + 100,
      20_000,
      'requests after the restart',
    );
    stopping = true;
    await stream;

    // The queued work completes: the run and the export (their jobs went with Redis, or not).
    const finished = await eventually(
      async () => {
        const [r] = (await ctx.db.query(`SELECT status FROM payment_runs WHERE id = $1`, [
          run.body.id,
        ])) as { status: string }[];
        const [e] = (await ctx.db.query(`SELECT status FROM exports WHERE id = $1`, [
          exported.body.id,
        ])) as { status: string }[];
        return r.status === 'completed' && e.status === 'completed' && Date.now();
      },
      30_000,
      'the payment run and the export to complete',
    );

    // Every request answered normally, or (Redis away) with a clear 503; none lost or failed.
    expect(cluster.lb.failures).toEqual([]);
    const unexpected = answers.filter(
      (a) => a.status !== 200 && !(a.status === 503 && a.code === 'unavailable'),
    );
    expect(unexpected).toEqual([]);
    const signed = answers.filter((a) => a.status === 200).map((a) => a.id);
    const submitted = (await ctx.db.query(
      `SELECT id FROM applications WHERE status = 'submitted'`,
    )) as { id: string }[];
    expect(new Set(submitted.map((r) => r.id))).toEqual(new Set(signed));

    // Every event relayed and delivered once: one delivery row, one POST to the receiver.
    const report = await cluster.explained(() => checkInvariantsOnceRelayed(ctx.db));
    const events = (await ctx.db.query(
      `SELECT id FROM outbox WHERE event_type = 'application.submitted'`,
    )) as { id: string }[];
    expect(events).toHaveLength(signed.length);
    const undelivered = () =>
      count(
        cluster,
        `SELECT count(*)::int AS n FROM outbox o
          WHERE o.event_type = 'application.submitted'
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                             WHERE d.event_id = o.id AND d.subscription_id = $1
                               AND d.status = 'succeeded')`,
        [subscription.body.id],
      );
    await eventually(async () => (await undelivered()) === 0, 30_000, 'every webhook delivered');
    const [{ n: deliveries }] = (await ctx.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`,
      [subscription.body.id],
    )) as { n: number }[];
    expect(deliveries).toBe(events.length);
    const delivered = new Set(receiver.received.map((r) => r.webhookId));
    expect(delivered).toEqual(new Set(events.map((e) => e.id)));
    const twice = [...delivered].filter((id) => receiver.count(id) > 1);
    expect(twice).toEqual([]);

    // One file for the run with each disbursement once; one export file, completed once.
    expect(report).toMatchObject({ filesChecked: 1, entriesChecked: ENTRIES });
    expect(readdirSync(cluster.exportDir)).toEqual([`${exported.body.id}.csv`]);
    const completions = await count(
      cluster,
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'export.completed'`,
    );
    expect(completions).toBe(1);

    // One e-mail per notification: the mail server received exactly the ones recorded as sent.
    await eventually(
      async () =>
        (await count(
          cluster,
          `SELECT count(*)::int AS n FROM notifications WHERE status NOT IN ('sent', 'failed')`,
        )) === 0,
      30_000,
      'every notification to be sent',
    );
    const mailed = await count(
      cluster,
      `SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`,
    );
    expect(mailed).toBeGreaterThan(0);
    expect(cluster.mail.received()).toBe(mailed);

    console.log(
      `scale Redis restart: ${JSON.stringify({
        requests: answers.length,
        ok: signed.length,
        unavailable503: answers.length - signed.length,
        failed: unexpected.length + cluster.lb.failures.length,
        redisDownMs: REDIS_DOWN_MS,
        paymentRunAtStop: runAtStop,
        workDoneMsAfterRestart: finished - restartedAt,
        events: events.length,
        webhookDeliveries: deliveries,
        deliveredTwice: twice.length,
        emails: cluster.mail.received(),
        notificationsSent: mailed,
        paymentRunFiles: report.filesChecked,
        exportFiles: readdirSync(cluster.exportDir).length,
        totalMs: Date.now() - began,
      })}`,
    );
  }, 120_000);
});
