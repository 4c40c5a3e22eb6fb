import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { eventually, sleep } from '../support/app';
import { cloneTemplate, dropDatabase } from '../support/databases';
import { TEST_SERVER_URL, templateDatabase } from '../support/env';
import { freePort } from '../support/net';
import { checkInvariants } from './invariants';

const ROOT = path.resolve(__dirname, '../..');
const CONNECTIONS = 24;
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Load before the signal: long enough for every connection to be busy and writes to commit. */
const LOAD_BEFORE_SIGTERM_MS = 2_000;
const ADMIN = { email: 'load.admin@test.example', password: 'correct horse battery staple' };

/** What one request came to: an answer, or an error before (or, never acceptable, during) one. */
type Result =
  | { kind: 'answered'; status: number; body: string }
  | { kind: 'refused'; code: string }
  | { kind: 'broken'; code: string };

function send(
  agent: http.Agent,
  port: number,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Result> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    let settled = false;
    let responded = false;
    const settle = (result: Result) => {
      if (!settled) resolve(result);
      settled = true;
    };
    const failed = (error: NodeJS.ErrnoException) =>
      settle({ kind: responded ? 'broken' : 'refused', code: error.code ?? error.message });
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        agent,
        headers: {
          ...headers,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          settle({
            kind: 'answered',
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('aborted', () => settle({ kind: 'broken', code: 'aborted' }));
        res.on('error', failed);
      },
    );
    req.on('error', failed);
    req.end(payload);
  });
}

/** One request of the load: a write creates a city under its own Idempotency-Key. */
interface Sent {
  write?: { key: string; name: string };
  sentAt: number;
  doneAt: number;
  result: Result;
}

/** What the API logged at error level or above, or printed outside its JSON log (a crash). */
function errorLines(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string };
      };
      return (entry.level ?? 0) >= 50 ? [`${entry.msg}: ${entry.err?.message}`] : [];
    } catch {
      return /^\(node:\d+\) |^\(Use `node --trace/.test(line) ? [] : [line];
    }
  });
}

/**
 * SIGTERM while 24 keep-alive connections keep the API busy with reads and audited writes
 * (SPEC §5.11). src/shutdown.ts stops listening, lets in-flight requests finish and sweeps idle
 * keep-alive connections every 50 ms, and only then closes the database pool. It never answers
 * 503 while draining: a request is either served normally or its connection is refused or reset
 * before any byte of an answer. So every answer must be non-5xx, and the database must hold
 * exactly the writes that were answered 2xx, each with its audit event and outbox row.
 */
describe('API process: SIGTERM under sustained load', () => {
  let databaseName: string;
  let api: ChildProcess;
  let port: number;
  let output = '';
  let db: DataSource;

  beforeAll(async () => {
    databaseName = await cloneTemplate(TEST_SERVER_URL, templateDatabase());
    port = await freePort();
    api = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: `${TEST_SERVER_URL}/${databaseName}`,
        PORT: String(port),
        REDIS_PREFIX: `test_sigterm_load_${randomBytes(5).toString('hex')}`,
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        // The load comes from one IP; the limiter is not what this test is about.
        RATE_LIMIT_MAX: '1000000',
        BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const probe = new http.Agent();
    await eventually(
      async () => {
        const res = await send(probe, port, 'GET', '/health/live', {});
        return res.kind === 'answered' && res.status === 200;
      },
      60_000,
      'API start',
    );
    probe.destroy();
  }, 90_000);

  afterAll(async () => {
    if (api.exitCode === null && api.signalCode === null) api.kill('SIGKILL');
    if (db?.isInitialized) await db.destroy();
    await dropDatabase(TEST_SERVER_URL, databaseName);
  });

  it('answers every request it accepts without a 5xx, exits 0, and loses no audited write', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const login = await send(agent, port, 'POST', '/api/v1/auth/login', {}, ADMIN);
    expect(login).toMatchObject({ kind: 'answered', status: 200 });
    const token = JSON.parse((login as { body: string }).body).accessToken as string;
    const auth = { authorization: `Bearer ${token}` };
    const run = randomBytes(4).toString('hex');

    const log: Sent[] = [];
    let exited = false;
    let sigtermAt = Infinity;
    let sequence = 0;
    let knownCityId: string | undefined;

    const timed = async (write: Sent['write'], request: Promise<Result>) => {
      const sentAt = Date.now();
      const result = await request;
      log.push({ write, sentAt, doneAt: Date.now(), result });
      return result;
    };
    const createCity = async () => {
      const n = sequence++;
      const write = { key: `load-${run}-${n}`, name: `Load ${run} ${n}` };
      const body = {
        country: 'US',
        name: { en: write.name },
        region: 'US-OR',
        timezone: 'America/Los_Angeles',
      };
      const headers = { ...auth, 'idempotency-key': write.key };
      const result = await timed(write, send(agent, port, 'POST', '/api/v1/cities', headers, body));
      if (result.kind === 'answered' && result.status === 201) {
        knownCityId = JSON.parse(result.body).id as string;
      }
      return result;
    };
    const read = () => {
      const n = sequence++;
      const pathname =
        n % 3 === 0
          ? '/api/v1/me'
          : n % 3 === 1 && knownCityId
            ? `/api/v1/cities/${knownCityId}`
            : '/api/v1/cities?country=US&limit=20';
      return timed(undefined, send(agent, port, 'GET', pathname, auth));
    };
    // Each connection: one write, two reads, again, until the process is gone.
    const connection = async (i: number) => {
      for (let step = i; !exited; step++) {
        const result = await (step % 3 === 0 ? createCity() : read());
        // Refused: the listener is closed; do not spin while waiting for the exit.
        if (result.kind !== 'answered') await sleep(5);
      }
    };

    const exit = new Promise<{ code: number | null; signal: string | null; at: number }>(
      (resolve) => api.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const load = Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => connection(i)));
    await sleep(LOAD_BEFORE_SIGTERM_MS);
    await eventually(
      async () => log.filter((r) => r.write && r.result.kind === 'answered').length >= 20,
      15_000,
      'writes answered under load',
    );
    sigtermAt = Date.now();
    api.kill('SIGTERM');
    const exitStatus = await exit;
    exited = true;
    await load;
    agent.destroy();

    const answered = log.flatMap((r) => (r.result.kind === 'answered' ? [r.result] : []));
    const refused = log.flatMap((r) => (r.result.kind === 'refused' ? [r] : []));
    const inFlightAtSigterm = log.filter((r) => r.sentAt < sigtermAt && r.doneAt >= sigtermAt);
    const succeeded = log.flatMap(({ write, result }) =>
      write && result.kind === 'answered' && result.status === 201
        ? [{ ...write, id: JSON.parse(result.body).id as string }]
        : [],
    );
    const summary = {
      requests: log.length,
      answered: answered.length,
      answeredAfterSigterm: log.filter((r) => r.doneAt >= sigtermAt && r.result.kind === 'answered')
        .length,
      refused: refused.length,
      refusedCodes: [...new Set(refused.map((r) => (r.result as { code: string }).code))],
      writesSucceeded: succeeded.length,
      writesDrained: inFlightAtSigterm.filter(
        (r) => r.write && r.result.kind === 'answered' && r.result.status === 201,
      ).length,
      exitMs: exitStatus.at - sigtermAt,
    };
    console.log(`SIGTERM under load: ${JSON.stringify(summary)}`);

    // The process drained and closed by itself: not cut off by its own timeout, not killed.
    expect({ code: exitStatus.code, signal: exitStatus.signal }).toEqual({ code: 0, signal: null });
    expect(summary.exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(output).toContain('HTTP server drained');

    // Every answer is the normal one: no 5xx, and no 503 either (shutdown.ts never sends one).
    expect(
      answered
        .filter((r) => r.status !== 200 && r.status !== 201)
        .map((r) => `${r.status} ${r.body}`),
    ).toEqual([]);
    // No answer cut off once begun; refusals only once SIGTERM came, and only as a refused or
    // reset connection (a reused keep-alive socket the server swept as idle).
    expect(log.filter((r) => r.result.kind === 'broken').map((r) => r.result)).toEqual([]);
    expect(refused.filter((r) => r.doneAt < sigtermAt).map((r) => r.result)).toEqual([]);
    for (const code of summary.refusedCodes) {
      expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'socket hang up']).toContain(code);
    }
    // The signal came mid-load, and writes then in flight were finished and answered.
    expect(summary.writesDrained).toBeGreaterThan(0);
    expect(errorLines(output)).toEqual([]);

    // The database: exactly the writes answered 2xx, each with its audit event and outbox row.
    db = new DataSource(
      dataSourceOptions({
        DATABASE_URL: `${TEST_SERVER_URL}/${databaseName}`,
        DATABASE_POOL_SIZE: 2,
      }),
    );
    await db.initialize();
    const stored = (await db.query(
      `SELECT c.id, c.name_en AS name,
              (SELECT count(*)::int FROM audit_events e
                WHERE e.action = 'city.created' AND e.entity_type = 'city'
                  AND e.entity_id = c.id::text) AS audit,
              (SELECT count(*)::int FROM outbox o
                WHERE o.event_type = 'city.created' AND o.payload->>'entityId' = c.id::text) AS outbox
         FROM cities c WHERE c.name_en LIKE $1`,
      [`Load ${run} %`],
    )) as { id: string; name: string; audit: number; outbox: number }[];
    const storedByName = new Map(stored.map((row) => [row.name, row]));
    for (const { id, name } of succeeded) {
      expect(storedByName.get(name)).toEqual({ id, name, audit: 1, outbox: 1 });
    }
    // Nothing committed without its audit trail, nor behind a connection that was cut.
    expect(stored.filter((row) => row.audit !== 1 || row.outbox !== 1)).toEqual([]);
    expect(stored.map((row) => row.name).sort()).toEqual(succeeded.map((w) => w.name).sort());

    // No idempotency claim was left in flight; each answered key keeps its 201 for a retry.
    const keys = (await db.query(
      `SELECT key, state, response_status AS status FROM idempotency_keys WHERE key LIKE $1`,
      [`load-${run}-%`],
    )) as { key: string; state: string; status: number | null }[];
    expect(keys.filter((k) => k.state !== 'completed' || k.status !== 201)).toEqual([]);
    expect(keys.map((k) => k.key).sort()).toEqual(succeeded.map((w) => w.key).sort());

    // Besides the writes, the audit trail holds the bootstrap admin's creation and the login.
    const actions = (await db.query(
      `SELECT action, count(*)::int AS n FROM audit_events GROUP BY action ORDER BY action`,
    )) as { action: string; n: number }[];
    expect(actions).toEqual([
      { action: 'auth.logged_in', n: 1 },
      { action: 'city.created', n: stored.length },
      { action: 'user.created', n: 1 },
    ]);
    const report = await checkInvariants(db);
    expect(report.auditEventsChecked).toBe(stored.length + 2);
  }, 60_000);
});
