import { Client } from 'pg';
import request from 'supertest';
import { createTestApp, eventually, sleep, TestContext } from '../support/app';
import { bearer } from '../support/factories';
import { checkInvariantsOnceRelayed } from './invariants';
import { CONTENT_HASH, seedAwaitingCosign } from './seed';

/** Applications signed in the burst, each by one request with its own Idempotency-Key. */
const BURST = 160;
/** Requests in flight at once: more than the pool's connections, so some wait for one. */
const LANES = 12;
/** How long connections keep being killed, and how often. */
const DROP_MS = 400;
const KILL_EVERY_MS = 20;
/**
 * A request sent just after the last kill may still be handed a connection whose backend is
 * dying; from then on every request must succeed.
 */
const SETTLE_MS = 300;

interface Answer {
  id: string;
  key: string;
  requestId: string;
  status: number;
  code?: string;
  contentType: string;
  sentAt: number;
  answeredAt: number;
}

/** What each application has: a transition either happened whole or not at all. */
interface Footprint {
  id: string;
  status: string;
  signatures: number;
  transitions: number;
  audits: number;
  events: number;
  requestIds: string[];
}

async function footprints(ctx: TestContext, ids: string[]): Promise<Footprint[]> {
  return (await ctx.db.query(
    `SELECT a.id, a.status,
            (SELECT count(*)::int FROM application_signatures s
              WHERE s.application_id = a.id AND s.side = 'JP') AS signatures,
            (SELECT count(*)::int FROM application_transitions t
              WHERE t.application_id = a.id AND t.action = 'sign_second') AS transitions,
            (SELECT count(*)::int FROM audit_events e
              WHERE e.entity_id = a.id::text AND e.action = 'application.submitted') AS audits,
            (SELECT count(*)::int FROM outbox o
              WHERE o.event_type = 'application.submitted'
                AND o.payload->>'applicationId' = a.id::text) AS events,
            ARRAY(SELECT e.request_id FROM audit_events e
                   WHERE e.entity_id = a.id::text AND e.action = 'application.submitted')
              AS "requestIds"
       FROM applications a WHERE a.id = ANY($1::uuid[])`,
    [ids],
  )) as Footprint[];
}

const whole = (f: Footprint) =>
  f.status === 'submitted' &&
  f.signatures === 1 &&
  f.transitions === 1 &&
  f.audits === 1 &&
  f.events === 1;
const untouched = (f: Footprint) =>
  f.status === 'awaiting_cosign' &&
  f.signatures === 0 &&
  f.transitions === 0 &&
  f.audits === 0 &&
  f.events === 0;

const isProblem = (a: Pick<Answer, 'contentType'>) =>
  a.contentType.startsWith('application/problem+json');

/**
 * Every server connection of the test's database is terminated, repeatedly for DROP_MS, in the
 * middle of a burst of application signatures (SPEC §5.11: the change, its audit event and its
 * outbox row commit together or not at all). The pool must reconnect by itself, and a client
 * retrying a 5xx with the same Idempotency-Key must end with the change made exactly once.
 */
describe('a transition burst while every database connection is dropped', () => {
  let ctx: TestContext;
  let killer: Client;

  beforeAll(async () => {
    ctx = await createTestApp({
      worker: true,
      env: {
        OUTBOX_POLL_MS: '50',
        // A claim whose release died with its connection lapses after this (default 120 s).
        IDEMPOTENCY_LOCK_SECONDS: '5',
      },
    });
    // Its own connection, outside the pools it kills.
    killer = new Client({ connectionString: ctx.env.DATABASE_URL });
    await killer.connect();
  });
  afterAll(async () => {
    await killer?.end();
    await ctx?.close();
  });

  it('answers 200 or a problem+json 5xx, applies each change whole or not at all, and recovers', async () => {
    const { jp, ids } = await seedAwaitingCosign(ctx, BURST);
    const signer = await bearer(ctx, { role: 'city_user', cityId: jp.id, country: 'JP' });
    const sign = (id: string, key: string, requestId: string) =>
      request(ctx.http)
        .post(`/api/v1/applications/${id}/sign`)
        .set('Authorization', signer.auth)
        .set('Idempotency-Key', key)
        .set('X-Request-Id', requestId)
        .send({ contentHash: CONTENT_HASH });
    const toAnswer = (
      id: string,
      key: string,
      requestId: string,
      sentAt: number,
      res: request.Response,
    ): Answer => ({
      id,
      key,
      requestId,
      status: res.status,
      code: res.body?.code,
      contentType: String(res.headers['content-type']),
      sentAt,
      answeredAt: Date.now(),
    });

    const answers: Answer[] = [];
    const queue = [...ids];
    const lane = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const key = `sign-${id}`;
        const requestId = `burst-${id}`;
        const sentAt = Date.now();
        answers.push(toAnswer(id, key, requestId, sentAt, await sign(id, key, requestId)));
      }
    };
    const burst = Promise.all(Array.from({ length: LANES }, lane));

    // Mid-burst: kill every connection of this database but the killer's own, again and again.
    await eventually(async () => answers.length >= BURST / 4, 30_000, 'the burst to get going');
    const health: { status: number; at: number }[] = [];
    const probeHealth = async () => {
      const res = await request(ctx.http).get('/health/ready');
      health.push({ status: res.status, at: Date.now() });
    };
    const dropStart = Date.now();
    let killed = 0;
    const probes: Promise<void>[] = [];
    while (Date.now() - dropStart < DROP_MS) {
      const rows = (
        await killer.query(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [ctx.databaseName],
        )
      ).rows as { killed: boolean }[];
      killed += rows.filter((r) => r.killed).length;
      probes.push(probeHealth());
      await sleep(KILL_EVERY_MS);
    }
    const dropEnd = Date.now();
    await burst;
    await Promise.all(probes);
    expect(answers).toHaveLength(BURST);
    expect(killed).toBeGreaterThan(0);

    // During the drop: a success or a problem+json 503 (retry shortly), the latter only for
    // requests in flight while connections were being killed. Never a 4xx: the caller did nothing
    // wrong; never a 500: a lost connection is an outage, not a bug.
    const inFlight = (a: Answer) => a.sentAt <= dropEnd + SETTLE_MS && a.answeredAt >= dropStart;
    const failed = answers.filter((a) => a.status !== 200);
    // The drop hit the burst: some requests failed (and are retried below).
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((a) => !(a.status === 503 && isProblem(a) && inFlight(a)))).toEqual([]);
    // Once the drop is over, every request succeeds again: the pool reconnected.
    const after = answers.filter((a) => a.sentAt > dropEnd + SETTLE_MS);
    expect(after.filter((a) => a.status !== 200)).toEqual([]);
    expect(after.length).toBeGreaterThanOrEqual(10);
    expect(answers.some((a) => a.sentAt <= dropEnd && a.answeredAt >= dropStart)).toBe(true);
    // The readiness probe answered throughout (503 or 200, never a 500), and is 200 after.
    expect(health.filter((h) => h.status !== 200 && h.status !== 503)).toEqual([]);
    await request(ctx.http).get('/health/ready').expect(200);

    // Each transition happened whole (state, signature, history, audit event, outbox row) or not
    // at all; every 200 is one that happened.
    const before = await footprints(ctx, ids);
    expect(before.filter((f) => !whole(f) && !untouched(f))).toEqual([]);
    const done = new Set(before.filter(whole).map((f) => f.id));
    expect(answers.filter((a) => a.status === 200 && !done.has(a.id))).toEqual([]);

    // A client retries each 5xx with the same Idempotency-Key, as the key is meant for. A claim
    // whose release was lost with its connection answers idempotency_key_in_use until it lapses.
    const retried: Answer[] = [];
    await Promise.all(
      failed.map(async (first) => {
        for (let attempt = 1; ; attempt++) {
          const requestId = `${first.requestId}-retry-${attempt}`;
          const res = await sign(first.id, first.key, requestId);
          const answer = toAnswer(first.id, first.key, requestId, Date.now(), res);
          if (answer.code === 'idempotency_key_in_use' && attempt < 40) {
            await sleep(250);
            continue;
          }
          retried.push(answer);
          return;
        }
      }),
    );
    // The retry succeeds; or, when the first attempt had committed before its connection died
    // (its 5xx notwithstanding), it is refused as already done (409) — never applied twice.
    const byId = new Map(before.map((f) => [f.id, f]));
    const wrong = retried.filter((r) => {
      if (r.status === 200) return false;
      const first = byId.get(r.id)!;
      const firstCommitted = whole(first) && first.requestIds.includes(`burst-${r.id}`);
      return !(r.status === 409 && r.code === 'invalid_state' && firstCommitted);
    });
    expect(wrong).toEqual([]);

    const final = await footprints(ctx, ids);
    expect(final.filter((f) => !whole(f))).toEqual([]);
    // The pool is whole again: a read on a fresh request works.
    await request(ctx.http)
      .get(`/api/v1/applications/${ids[0]}`)
      .set('Authorization', signer.auth)
      .expect(200);

    const report = await checkInvariantsOnceRelayed(ctx.db);
    expect(report.outboxRows).toBeGreaterThanOrEqual(BURST);
  }, 60_000);
});
