import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { sleep } from '../support/app';
import { bearer } from '../support/factories';
import {
  type As,
  type Cast,
  castOf,
  payInRun,
  sanDiegoAccount,
  walkToAward,
} from '../support/grant-walk';
import { checkInvariants, checkInvariantsOnceRelayed } from '../chaos/invariants';
import { Cluster, Result, send } from './cluster';

const CLIENTS = 16;
/** Each client's pause between two requests: a busy site, not a flood that starves the restart. */
const THINK_MS = 50;
/** Load before the first SIGTERM and after the last restart. */
const STEADY_MS = 1_000;

interface Sent {
  write?: { key: string; name: string };
  result: Result;
}

/**
 * Two API processes behind the load balancer, with two worker processes.
 *
 * First the whole grant (test/lifecycle.e2e-spec.ts's walk) through the balancer: consecutive
 * requests land on alternate APIs, so each step reads what the other process wrote, and the
 * payment run is taken by one of the workers.
 *
 * Then a rolling restart under load: 16 keep-alive clients read and write (each write with its own
 * Idempotency-Key) through the balancer while API 1 is sent SIGTERM, exits, is started again and
 * becomes ready, then API 2 the same. The balancer retries only a connection refused before
 * anything was sent, never a request; the test retries nothing. Every request must be answered
 * normally, and every acknowledged write be in PostgreSQL with its audit event and outbox row.
 * What makes it hold (src/shutdown.ts): a SIGTERMed API answers 503 on /health/ready and keeps
 * serving for SHUTDOWN_DRAIN_MS, so the balancer stops sending to it before its listener closes.
 * Without the drain, requests sent on a keep-alive connection the closing API then reset fail
 * (ECONNRESET after the request was written: not safely retryable by a balancer).
 */
describe('scale-out: 2 APIs behind a load balancer and 2 workers', () => {
  let cluster: Cluster;
  let as: As;
  let cityIds: Cast['cityIds'];

  beforeAll(async () => {
    cluster = await Cluster.start();
    ({ as, cityIds } = await castOf(cluster.ctx, cluster.url));
  }, 90_000);
  afterAll(() => cluster?.close());

  it('goes from an open round to a settled payout, each API serving half the requests', async () => {
    const began = Date.now();
    const { award } = await walkToAward(as, 'SCALE-1');
    const usAdvance = award.disbursements.find((d) => d.side === 'US' && d.tranche === 'advance')!;
    expect(usAdvance).toMatchObject({ currency: 'USD', amountMinor: 270_000, status: 'scheduled' });

    const payeeAccountId = await sanDiegoAccount(as, cityIds.us);
    const { run: done, file } = await payInRun(as, usAdvance.id, payeeAccountId);
    expect(done).toMatchObject({ status: 'completed', entryCount: 1, totalMinor: 270_000 });
    const entries = file
      .toString('ascii')
      .split('\n')
      .filter((line) => line.startsWith('6'));
    expect(entries).toHaveLength(1);
    expect(Number(entries[0].slice(29, 39))).toBe(270_000);

    expect(
      (await as('finance').get(`/disbursements/${usAdvance.id}`).expect(200)).body.status,
    ).toBe('sent');
    const paid = await as('finance')
      .post(`/disbursements/${usAdvance.id}/settle`, { result: 'paid', bankReference: 'ACH-1' })
      .expect(200);
    expect(paid.body.status).toBe('paid');

    // Both processes served, alternately: the balancer's round robin over two ready upstreams.
    const [api1, api2] = cluster.lb.upstreams.map((u) => u.served);
    const total = api1 + api2;
    console.log(
      `scale lifecycle: ${JSON.stringify({
        requests: total,
        api1,
        api2,
        failures: cluster.lb.failures.length,
        clusterStartMs: cluster.startedInMs,
        lifecycleMs: Date.now() - began,
      })}`,
    );
    expect(cluster.lb.failures).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(20);
    expect(Math.min(api1, api2)).toBeGreaterThanOrEqual(Math.floor(total * 0.4));

    // One file for the run, its disbursement in it once, every event relayed, the chain intact.
    const runs = (await cluster.ctx.db.query(`SELECT status FROM payment_runs`)) as object[];
    expect(runs).toEqual([{ status: 'completed' }]);
    const report = await checkInvariantsOnceRelayed(cluster.ctx.db);
    expect(report).toMatchObject({ filesChecked: 1, entriesChecked: 1 });
    const verify = await as('auditor').get('/audit-events/verify').expect(200);
    expect(verify.body).toMatchObject({ valid: true, firstBrokenAt: null });
  }, 60_000);

  it('answers every request, exits 0 each time, and keeps every acknowledged write', async () => {
    const { auth } = await bearer(cluster.ctx, { role: 'admin' });
    const headers = { authorization: auth };
    const run = randomBytes(4).toString('hex');
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const log: Sent[] = [];
    let stopping = false;
    let sequence = 0;
    let knownCityId: string | undefined;

    const write = async () => {
      const n = sequence++;
      const w = { key: `roll-${run}-${n}`, name: `Roll ${run} ${n}` };
      const body = {
        country: 'US',
        name: { en: w.name },
        region: 'US-OR',
        timezone: 'America/Los_Angeles',
      };
      const result = await send(
        agent,
        cluster.url,
        'POST',
        '/api/v1/cities',
        {
          ...headers,
          'idempotency-key': w.key,
        },
        body,
      );
      if (result.kind === 'answered' && result.status === 201) {
        knownCityId = JSON.parse(result.body).id as string;
      }
      log.push({ write: w, result });
    };
    const read = async () => {
      const n = sequence++;
      const pathname =
        n % 3 === 0
          ? '/api/v1/me'
          : n % 3 === 1 && knownCityId
            ? `/api/v1/cities/${knownCityId}`
            : '/api/v1/cities?country=US&limit=20';
      log.push({ result: await send(agent, cluster.url, 'GET', pathname, headers) });
    };
    const client = async (i: number) => {
      for (let step = i; !stopping; step++) {
        await (step % 3 === 0 ? write() : read());
        await sleep(THINK_MS);
      }
    };

    const began = Date.now();
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    const exits: { code: number | null; signal: string | null }[] = [];
    const restarts: number[] = [];
    const draining: { ready: Result; live: Result }[] = [];
    try {
      await sleep(STEADY_MS);
      for (const i of [0, 1]) {
        const t0 = Date.now();
        const exit = cluster.stopApi(i, 'SIGTERM');
        // The signal is handled when the busy process gets to it, not when it is sent; from then
        // on it drains: out of rotation (not ready) yet still serving, for SHUTDOWN_DRAIN_MS.
        await cluster.apis[i].printed('SIGTERM: shutting down');
        const direct = new http.Agent();
        draining.push({
          ready: await send(direct, cluster.apiUrl(i), 'GET', '/health/ready', {}),
          live: await send(direct, cluster.apiUrl(i), 'GET', '/health/live', {}),
        });
        direct.destroy();
        exits.push(await exit);
        await cluster.startApi(i);
        restarts.push(Date.now() - t0);
      }
      await sleep(STEADY_MS);
    } finally {
      stopping = true;
      await load;
      agent.destroy();
    }

    const answered = log.flatMap((r) => (r.result.kind === 'answered' ? [r.result] : []));
    const acknowledged = log.flatMap(({ write: w, result }) =>
      w && result.kind === 'answered' && result.status === 201
        ? [{ ...w, id: JSON.parse(result.body).id as string }]
        : [],
    );
    const unexpected = log.filter(
      (r) => r.result.kind !== 'answered' || ![200, 201].includes(r.result.status),
    );
    const servedBy = (name: string) => answered.filter((r) => r.upstream === name).length;
    console.log(
      `scale rolling restart: ${JSON.stringify({
        clients: CLIENTS,
        thinkMs: THINK_MS,
        requests: log.length,
        writes: acknowledged.length,
        failed: unexpected.length,
        balancerFailures: cluster.lb.failures.length,
        api1: servedBy('api1'),
        api2: servedBy('api2'),
        restartMs: restarts,
        totalMs: Date.now() - began,
      })}`,
    );

    for (const { ready, live } of draining) {
      expect(ready).toMatchObject({ kind: 'answered', status: 503 });
      expect(JSON.parse((ready as { body: string }).body)).toEqual({ status: 'shutting_down' });
      expect(live).toMatchObject({ kind: 'answered', status: 200 });
    }
    // Each API drained and exited by itself.
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    // Not one request failed: no connection error, no 502 from the balancer, no 5xx, no 4xx.
    expect(cluster.lb.failures).toEqual([]);
    expect(
      unexpected.map((r) =>
        r.result.kind === 'answered' ? `${r.result.status} ${r.result.body}` : r.result.code,
      ),
    ).toEqual([]);
    expect(log.length).toBeGreaterThan(200);
    expect(acknowledged.length).toBeGreaterThan(50);

    // Every acknowledged write is in PostgreSQL once, with its audit event and outbox row; and
    // nothing else was written (no write committed behind a request that failed).
    const stored = (await cluster.ctx.db.query(
      `SELECT c.id, c.name_en AS name,
              (SELECT count(*)::int FROM audit_events e
                WHERE e.action = 'city.created' AND e.entity_id = c.id::text) AS audit,
              (SELECT count(*)::int FROM outbox o
                WHERE o.event_type = 'city.created' AND o.payload->>'entityId' = c.id::text) AS outbox
         FROM cities c WHERE c.name_en LIKE $1`,
      [`Roll ${run} %`],
    )) as { id: string; name: string; audit: number; outbox: number }[];
    expect(stored.map((row) => row.name).sort()).toEqual(acknowledged.map((w) => w.name).sort());
    const byName = new Map(stored.map((row) => [row.name, row]));
    for (const { id, name } of acknowledged) {
      expect(byName.get(name)).toEqual({ id, name, audit: 1, outbox: 1 });
    }
    await checkInvariants(cluster.ctx.db);
  }, 120_000);
});
