/**
 * `npm run bench` (issue 9, SPEC §6): one run that measures every non-functional target against
 * its baseline. It builds its own data set on a scratch database (`seedLoad`, the same as
 * `npm run seed:load`), starts the built API and worker as real processes, and measures with
 * autocannon: the bare `/health/live` route (the baseline), authenticated
 * `GET /api/v1/applications/:id`, the list, `POST /api/v1/applications` and review submission;
 * then over HTTP the payment run of 10,000 disbursements, the 50,000-application export,
 * auto-assignment and the ranking. Peak RSS of both processes is sampled from /proc throughout.
 * Prints one table and writes it as JSON (and Markdown for the README) under bench/results/.
 *
 * Options: --applications N (default 50000), --duration seconds per HTTP measure (default 10),
 * --connections (default 32), --keep (leave the scratch database for EXPLAIN ANALYZE),
 * --profile (both processes run with --cpu-prof; profiles in bench/profiles/, open them in
 * Chrome DevTools or speedscope).
 * A measurement, not a test: a missed target is reported, not failed.
 */
import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FieldEncryption } from '../src/common/crypto/field-encryption';
import { queueConnection, queuePrefix } from '../src/common/redis/redis';
import { loadEnvironment } from '../src/config/environment';
import { dataSourceOptions } from '../src/database/data-source';
import { QUEUES } from '../src/queues/queues';
import type { ExportFormat } from '../src/exports/export.entity';
import { LoadData, seedLoad } from './load-data';

const ROOT = path.resolve(__dirname, '..');
const DATABASE = 'grants_bench';
const FLOOR_DATABASE = 'grants_bench_floor';
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const LOGS_DIR = path.join(ROOT, 'bench', 'logs');

interface Row {
  measure: string;
  /** Requests per second (HTTP measures). */
  rps?: number;
  /** Requests answered in the measure. */
  total?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** The floor this row is measured against (issue 14). */
  floor?: string;
  /** Requests/s as a share of the floor's. */
  ratio?: number;
  /** Requests/s as a share of /health/live's (SPEC §6's baseline). */
  vsHealth?: number;
  /** Wall time, request to result (jobs). */
  ms?: number;
  /**
   * CPU per request during an HTTP measure, in µs, by who spent it: the process serving (the
   * API or the floor), the worker, PostgreSQL (every `postgres` process), Redis, the bench
   * itself (autocannon); and how busy the machine's cores were (share of all cores).
   */
  cpu?: CpuShare;
  apiRssMb?: number;
  workerRssMb?: number;
  target: string;
  met?: boolean;
  detail?: string;
}

// ---------------------------------------------------------------- processes and memory

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------- CPU

/** Clock ticks of /proc's CPU times (`getconf CLK_TCK`: 100 on Linux). */
const TICK_US = 10_000;

/**
 * utime + stime of a process in µs (`gone` once it has exited), with `reaped` also its exited
 * children's (cutime + cstime): a PostgreSQL backend that exits mid-measure (a pool closing an
 * idle connection) moves its time to the postmaster's children instead of losing it.
 */
function cpuUs(pid: number, reaped = false, gone = 0): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces, start at state (field 3).
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime, stime, cutime, cstime] = fields.slice(11, 15);
    return (utime + stime + (reaped ? cutime + cstime : 0)) * TICK_US;
  } catch {
    return gone;
  }
}

/**
 * CPU µs of every PostgreSQL process, backends that exited included (in the postmaster's reaped
 * children). A backend exiting while the processes are read would be counted twice or not at
 * all (read before the postmaster reaped it, or after, and the postmaster on the other side of
 * that), so a reading is kept only when every process listed was read and the same processes are
 * still there afterwards.
 */
function postgresUs(): number {
  for (let attempt = 1; ; attempt++) {
    const pids = pidsNamed('postgres');
    const times = pids.map((pid) => cpuUs(pid, true, NaN));
    const still = pidsNamed('postgres');
    const stable = still.length === pids.length && still.every((pid, i) => pid === pids[i]);
    if ((stable && times.every(Number.isFinite)) || attempt === 20) {
      return times.reduce((total, us) => total + (Number.isFinite(us) ? us : 0), 0);
    }
  }
}

/** The pids of every process named `name` (as /proc/<pid>/comm has it), in /proc's order. */
function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Busy and total µs of all cores so far (/proc/stat's first line; idle and iowait are idle). */
function machineUs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy * TICK_US, total: (busy + idle + iowait) * TICK_US };
}

export interface CpuShare {
  /** µs per request of the process answering (the API, or the floor's process). */
  server: number;
  worker: number;
  postgres: number;
  redis: number;
  /** The bench process: autocannon generating the load. */
  load: number;
  /** Share of all cores busy during the measure, 0–1. */
  machineBusy: number;
}

/** CPU times of everything that serves a measure, read before and after it. */
function cpuSnapshot(serverPid: number, workerPid: number) {
  const own = process.cpuUsage();
  return {
    server: cpuUs(serverPid),
    worker: cpuUs(workerPid),
    postgres: postgresUs(),
    redis: pidsNamed('redis-server').reduce((total, pid) => total + cpuUs(pid), 0),
    load: own.user + own.system,
    machine: machineUs(),
  };
}

function cpuPerRequest(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
  requests: number,
): CpuShare {
  const per = (key: 'server' | 'worker' | 'postgres' | 'redis' | 'load') =>
    Math.round((after[key] - before[key]) / Math.max(1, requests));
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  return {
    server: per('server'),
    worker: per('worker'),
    postgres: per('postgres'),
    redis: per('redis'),
    load: per('load'),
    machineBusy: total > 0 ? Math.round((busy / total) * 100) / 100 : 0,
  };
}

/** Samples both processes' RSS every 50 ms; `phase()` returns and resets the peaks. */
class RssSampler {
  private api = 0;
  private worker = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly apiPid: number,
    private readonly workerPid: number,
  ) {
    this.timer = setInterval(() => this.sample(), 50);
  }

  private sample(): void {
    this.api = Math.max(this.api, rssMb(this.apiPid));
    this.worker = Math.max(this.worker, rssMb(this.workerPid));
  }

  phase(): { apiRssMb: number; workerRssMb: number } {
    this.sample();
    const peaks = { apiRssMb: Math.round(this.api), workerRssMb: Math.round(this.worker) };
    this.api = 0;
    this.worker = 0;
    return peaks;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Spawns `node <args>` as a direct child (its /proc entry is the process itself) and resolves once
 * its log shows `ready`. Its output goes to bench/logs/<name>.log, not through a pipe: logging
 * stays on at the level that ships, and the bench process (which also runs autocannon) does not
 * spend its CPU reading it.
 */
function spawnReady(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
): Promise<ChildProcess> {
  mkdirSync(LOGS_DIR, { recursive: true });
  const logFile = path.join(LOGS_DIR, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (readFileSync(logFile, 'utf8').includes(ready)) {
        clearInterval(poll);
        resolve(child);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      const log = readFileSync(logFile, 'utf8').slice(-4000);
      reject(new Error(`${name} exited with ${code} (${logFile}):\n${log}`));
    });
  });
}

/**
 * Starts a process exactly as `npm run <script>` would (its node flags included: what is measured
 * is what ships), but as a direct child, so its /proc entry is the process itself.
 */
function start(
  script: 'start:prod' | 'start:worker',
  env: NodeJS.ProcessEnv,
  ready: string,
  profile: boolean,
): Promise<ChildProcess> {
  const scripts = (
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const words = scripts[script].split(/\s+/);
  // Leading NAME=value words are the process's environment, as the shell reads them.
  const assignments = words.slice(
    0,
    words.findIndex((word) => !/^\w+=/.test(word)),
  );
  const [node, ...args] = words.slice(assignments.length);
  if (node !== 'node') throw new Error(`${script} does not start with node: ${scripts[script]}`);
  const flags = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'profiles')}`]
    : [];
  const own = Object.fromEntries(assignments.map((word) => word.split(/=(.*)/s, 2)));
  return spawnReady(script, [...flags, ...args], { ...env, ...own }, ready);
}

/** The floors (scripts/bench-floors.ts), each its own process on its own port. */
type Floor = 'http' | 'pk' | 'write';

function stop(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

async function startFloor(floor: Floor, env: NodeJS.ProcessEnv, port: number) {
  const args = ['-r', 'ts-node/register/transpile-only', 'scripts/bench-floors.ts', floor];
  const child = await spawnReady(
    `floor-${floor}`,
    args,
    { ...env, PORT: String(port) },
    'floor listening',
  );
  return { child, base: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------- HTTP

class Api {
  constructor(
    readonly base: string,
    private readonly jwt: JwtService,
  ) {}

  token(userId: string): string {
    return this.jwt.sign({ sub: userId, typ: 'access' });
  }

  async call<T>(method: string, url: string, userId: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token(userId)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** Polls a job resource until it is completed or failed; returns it with the wall time. */
  async untilFinal<T extends { status: string }>(url: string, userId: string): Promise<T> {
    for (;;) {
      const job = await this.call<T>('GET', url, userId);
      if (job.status === 'completed' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

type Setup = (request: autocannon.Request) => autocannon.Request;

interface LoadOptions {
  connections: number;
  duration: number;
}

/** When profiling: seconds since the API started, to find each measure in its CPU profile. */
let profileClock: (() => number) | undefined;

async function load(
  base: string,
  options: LoadOptions,
  request: { method?: 'GET' | 'POST'; path: string; setup?: Setup },
) {
  if (profileClock)
    console.log(`${request.method ?? 'GET'} ${request.path} from ${profileClock().toFixed(1)} s`);
  const result = await autocannon({
    url: base,
    connections: options.connections,
    duration: options.duration,
    requests: [
      {
        method: request.method ?? 'GET',
        path: request.path,
        ...(request.setup ? { setupRequest: request.setup } : {}),
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Cycles through `items`, one per call (autocannon's setupRequest is synchronous). */
function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

// ---------------------------------------------------------------- the run

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function machine() {
  const version = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0];
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: version('psql', ['--version']),
    redis: version('redis-server', ['--version']),
  };
}

async function main(): Promise<void> {
  loadDotenv({ path: [path.join(ROOT, '.env'), path.join(ROOT, '.env.example')], quiet: true });
  const { values } = parseArgs({
    options: {
      applications: { type: 'string', default: '50000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const applications = Number(values.applications);
  const http: LoadOptions = {
    duration: Number(values.duration),
    connections: Number(values.connections),
  };
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grants');
  url.pathname = '';
  const serverUrl = url.toString().replace(/\/$/, '');
  const databaseUrl = `${serverUrl}/${DATABASE}`;
  await admin(serverUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(serverUrl, `CREATE DATABASE ${DATABASE}`);

  const db = new DataSource(
    dataSourceOptions({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: 2 }),
  );
  await db.initialize();
  await db.runMigrations();
  const encryption = new FieldEncryption(
    process.env.ENCRYPTION_KEYS!,
    process.env.ENCRYPTION_KEY_ID!,
  );
  let started = performance.now();
  const data: LoadData = await seedLoad(db, encryption, applications);
  const seedSeconds = (performance.now() - started) / 1000;
  console.log(`seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(data.counts)}`);
  // The floors write into a copy, so they neither break the API's audit chain nor use up its
  // partnerships and drafts; the copy has the same rows and indexes, so the same costs.
  await db.destroy();
  await admin(serverUrl, `DROP DATABASE IF EXISTS ${FLOOR_DATABASE} WITH (FORCE)`);
  await admin(serverUrl, `CREATE DATABASE ${FLOOR_DATABASE} TEMPLATE ${DATABASE}`);
  await db.initialize();

  const port = 3900 + (process.pid % 90);
  const storage = mkdtempSync(path.join(os.tmpdir(), 'bench-exports-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `bench_${process.pid}`,
    PORT: String(port),
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '1000000',
    EXPORT_STORAGE_DIR: storage,
    EXPORT_LEDGER_CRON: 'off',
    BOOTSTRAP_ADMIN_EMAIL: '',
    BOOTSTRAP_ADMIN_PASSWORD: '',
  };
  const floorEnv = { ...env, DATABASE_URL: `${serverUrl}/${FLOOR_DATABASE}` };
  const floorProcesses = await Promise.all(
    (['http', 'pk', 'write'] as const).map((floor, i) =>
      startFloor(floor, floorEnv, port + 100 + i),
    ),
  );
  const [httpFloor, pkFloor, writeFloor] = floorProcesses;
  const apiStarted = performance.now();
  if (values.profile) profileClock = () => (performance.now() - apiStarted) / 1000;
  const api = await start('start:prod', env, 'API listening', values.profile);
  const worker = await start('start:worker', env, 'worker started', values.profile);
  const sampler = new RssSampler(api.pid!, worker.pid!);
  const rows: Row[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    const client = new Api(
      base,
      new JwtService({
        secret: process.env.JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: 3600 },
      }),
    );
    const bearer = (userId: string) => `Bearer ${client.token(userId)}`;

    // A city user reads the applications of its own city (reach is part of the cost).
    const reads = (await db.query(
      `SELECT a.id, u.id AS user_id FROM applications a JOIN users u ON u.city_id = a.jp_city_id
        WHERE a.round_id = $1 ORDER BY a.id LIMIT 5000`,
      [data.rounds.export],
    )) as { id: string; user_id: string }[];
    const readTokens = new Map<string, string>();
    const nextRead = cycle(
      reads.map((r) => {
        if (!readTokens.has(r.user_id)) readTokens.set(r.user_id, bearer(r.user_id));
        return { path: `/api/v1/applications/${r.id}`, auth: readTokens.get(r.user_id)! };
      }),
    );
    // Each POST a partnership that has not applied yet, by a user of its JP city.
    const creates = (await db.query(
      `SELECT p.id, p.jp_city_id, p.us_city_id, u.id AS user_id
         FROM partnerships p JOIN users u ON u.city_id = p.jp_city_id
        WHERE u.email LIKE 'city-jp-%@load.example' ORDER BY p.id`,
    )) as { id: string; jp_city_id: string; us_city_id: string; user_id: string }[];
    const createTokens = new Map<string, string>();
    const creations = creates.map((p) => {
      if (!createTokens.has(p.user_id)) createTokens.set(p.user_id, bearer(p.user_id));
      return { partnership: p, auth: createTokens.get(p.user_id)! };
    });
    // Each submission a different assignment whose draft is complete, by its reviewer.
    const drafts = (await db.query(
      `SELECT id, reviewer_id FROM assignments WHERE round_id = $1 AND status = 'assigned'
        ORDER BY reviewer_id, id`,
      [data.rounds.review],
    )) as { id: string; reviewer_id: string }[];
    const reviewerTokens = new Map<string, string>();
    const submissions = drafts.map((d) => {
      if (!reviewerTokens.has(d.reviewer_id)) {
        reviewerTokens.set(d.reviewer_id, bearer(d.reviewer_id));
      }
      return {
        path: `/assignments/${d.id}/submit`,
        auth: reviewerTokens.get(d.reviewer_id)!,
      };
    });
    const floorRead = cycle(reads.map((r) => ({ path: `/applications/${r.id}`, auth: '' })));
    const officerAuth = bearer(data.staff.officer);

    /** Each request takes the next path and caller of `next`. */
    const rotate =
      (next: () => { path: string; auth: string }): Setup =>
      (req) => {
        const { path, auth } = next();
        return { ...req, path, headers: { ...req.headers, authorization: auth } };
      };
    const createBody = (p: (typeof creates)[number], extra: Record<string, string> = {}) =>
      JSON.stringify({
        roundId: data.rounds.open,
        partnershipId: p.id,
        ...extra,
        title: { en: 'Youth orchestra exchange', ja: '青少年オーケストラ交流' },
        summary: { en: 'Two concerts, one in each city.', ja: '両市で演奏会を開催' },
        startsOn: '2027-04-01',
        endsOn: '2027-09-30',
        budgetLines: [
          {
            side: 'US',
            category: 'travel',
            description: 'Flights',
            amountMinor: 420000,
            currency: 'USD',
          },
          {
            side: 'JP',
            category: 'venue',
            description: 'Hall',
            amountMinor: 350000,
            currency: 'JPY',
          },
        ],
      });
    /** A POST setup: the next item's caller, a fresh Idempotency-Key, its body. */
    const posting =
      <T extends { auth: string }>(
        next: () => T,
        body: (item: T) => string,
        to?: (item: T) => string,
      ): Setup =>
      (req) => {
        const item = next();
        return {
          ...req,
          ...(to ? { path: to(item) } : {}),
          headers: {
            ...req.headers,
            authorization: item.auth,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: body(item),
        };
      };

    // Warm up every route (JIT, pools, caches) before anything is measured.
    const warm = { connections: 8, duration: 2 };
    await load(httpFloor.base, warm, { path: '/' });
    await load(pkFloor.base, warm, { path: '/', setup: rotate(floorRead) });
    await load(base, warm, { path: '/health/live' });
    await load(base, warm, { path: '/', setup: rotate(nextRead) });
    sampler.phase();

    let healthRps = 0;
    /**
     * One autocannon measure as a row: its share of its floor (issue 14) and of /health/live
     * (SPEC §6), the RSS peaks, the target.
     */
    const measure = async (
      name: string,
      at: string,
      request: Parameters<typeof load>[2],
      floor: Row | null,
      target: {
        text: string;
        met: (r: Awaited<ReturnType<typeof load>>, ratio: number) => boolean;
      } | null,
    ): Promise<Row> => {
      const server = at === base ? api : floorProcesses.find((floor) => floor.base === at)!.child;
      const before = cpuSnapshot(server.pid!, worker.pid!);
      const result = await load(at, http, request);
      const cpu = cpuPerRequest(before, cpuSnapshot(server.pid!, worker.pid!), result.total);
      if (at !== base && (result.non2xx > 0 || result.errors > 0)) {
        // A floor whose requests fail does less than the work it stands for (every write floor
        // request once failed in PostgreSQL and rolled back, unnoticed): no floor at all.
        throw new Error(
          `${name}: ${result.non2xx} non-2xx answers and ${result.errors} errors of ${result.total}`,
        );
      }
      const share = (rps: number | undefined) =>
        rps ? Math.round((result.rps / rps) * 1000) / 1000 : undefined;
      const ratio = floor ? share(floor.rps) : undefined;
      const row: Row = {
        measure: name,
        ...result,
        floor: floor?.measure,
        ratio,
        vsHealth: at === base ? share(healthRps) : undefined,
        cpu,
        ...(at === base ? sampler.phase() : {}),
        target: target?.text ?? '-',
        met: target ? target.met(result, ratio ?? 0) && result.non2xx === 0 : undefined,
        detail: `${result.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors`,
      };
      rows.push(row);
      return row;
    };

    const bareHttp = await measure(
      'floor: bare node:http',
      httpFloor.base,
      { path: '/' },
      null,
      null,
    );
    const health = await measure('GET /health/live', base, { path: '/health/live' }, bareHttp, {
      text: '≥ 50 % of bare node:http',
      met: (_, ratio) => ratio >= 0.5,
    });
    healthRps = health.rps!;

    const pk = await measure(
      'floor: node:http + pg, prepared PK lookup',
      pkFloor.base,
      { path: '/', setup: rotate(floorRead) },
      null,
      null,
    );
    const byId = await measure(
      'GET /api/v1/applications/:id',
      base,
      { path: '/', setup: rotate(nextRead) },
      pk,
      {
        text: `≥ 50 % of the PK floor, p99 ≤ 50 ms at ${http.connections} connections`,
        met: (r, ratio) => ratio >= 0.5 && r.p99Ms <= 50,
      },
    );
    await measure(
      'GET /api/v1/applications?roundId (officer, 20 per page)',
      base,
      {
        path: `/api/v1/applications?roundId=${data.rounds.export}&limit=20`,
        setup: (req) => ({ ...req, headers: { ...req.headers, authorization: officerAuth } }),
      },
      pk,
      { text: '≥ 30 % of the PK floor', met: (_, ratio) => ratio >= 0.3 },
    );

    // The floor and the API each create from their own copy of the same partnerships.
    const floorCreations = cycle(creations);
    const insertFloor = await measure(
      'floor: node:http + pg, the inserts of POST /applications in one transaction',
      writeFloor.base,
      {
        method: 'POST',
        path: '/applications',
        setup: posting(floorCreations, ({ partnership: p }) =>
          createBody(p, { jpCityId: p.jp_city_id, usCityId: p.us_city_id, actorId: p.user_id }),
        ),
      },
      null,
      null,
    );
    const create = await measure(
      'POST /api/v1/applications',
      base,
      {
        method: 'POST',
        path: '/api/v1/applications',
        setup: posting(cycle(creations), ({ partnership }) => createBody(partnership)),
      },
      insertFloor,
      { text: '≥ 50 % of its insert floor', met: (_, ratio) => ratio >= 0.5 },
    );
    if (Math.max(create.total ?? 0, insertFloor.total ?? 0) > creates.length) {
      console.warn(`only ${creates.length} partnerships: later POSTs repeated one (409)`);
    }

    const submitFloor = await measure(
      'floor: node:http + pg, the writes of review submit in one transaction',
      writeFloor.base,
      {
        method: 'POST',
        path: '/',
        setup: posting(
          cycle(submissions),
          () => '{}',
          (s) => s.path,
        ),
      },
      null,
      null,
    );
    await measure(
      'POST /api/v1/assignments/:id/review/submit',
      base,
      {
        method: 'POST',
        path: '/',
        setup: posting(
          cycle(submissions),
          () => '{}',
          (s) => `/api/v1${s.path.replace(/submit$/, 'review/submit')}`,
        ),
      },
      submitFloor,
      { text: '≥ 50 % of its write floor', met: (_, ratio) => ratio >= 0.5 },
    );
    await Promise.all(floorProcesses.map(({ child }) => stop(child)));

    // SPEC §6 states its two HTTP targets against /health/live of the same run.
    rows.push(
      {
        measure: `SPEC §6: ${byId.measure} vs /health/live`,
        vsHealth: byId.vsHealth,
        p99Ms: byId.p99Ms,
        target: `≥ 40 % of /health/live, p99 ≤ 50 ms at ${http.connections} connections`,
        met: (byId.vsHealth ?? 0) >= 0.4 && (byId.p99Ms ?? Infinity) <= 50,
      },
      {
        measure: `SPEC §6: ${create.measure} vs /health/live`,
        vsHealth: create.vsHealth,
        target: '≥ 15 % of /health/live',
        met: (create.vsHealth ?? 0) >= 0.15,
      },
    );

    // Jobs: wall time from the request to the finished result, over HTTP like an operator.
    started = performance.now();
    const run = await client.call<{ id: string }>(
      'POST',
      '/api/v1/payment-runs',
      data.staff.finance,
      {
        rail: 'ach',
        executionDate: new Date().toISOString().slice(0, 10),
      },
    );
    const done = await client.untilFinal<{ status: string; entryCount: number }>(
      `/api/v1/payment-runs/${run.id}`,
      data.staff.finance,
    );
    const runMs = Math.round(performance.now() - started);
    rows.push({
      measure: `payment run, ${done.entryCount} ACH disbursements, request → file`,
      ms: runMs,
      ...sampler.phase(),
      target: '≤ 15000 ms',
      met: done.status === 'completed' && runMs <= 15_000,
      detail: done.status,
    });

    // The export is requested the moment the run completes, as an operator would: its request
    // is an event too, queued behind the run's 10,000 `disbursement.sent` (which it jumps).
    const exportRow = async (format: ExportFormat) => {
      const requested = performance.now();
      const job = await client.call<{ id: string }>('POST', '/api/v1/exports', data.staff.officer, {
        type: 'round_summary',
        roundId: data.rounds.export,
        format,
      });
      const exported = await client.untilFinal<{ status: string; rowCount: number }>(
        `/api/v1/exports/${job.id}`,
        data.staff.officer,
      );
      const exportMs = Math.round(performance.now() - requested);
      const peaks = sampler.phase();
      rows.push({
        measure: `round_summary export (${format}), ${exported.rowCount} applications`,
        ms: exportMs,
        ...peaks,
        target: '≤ 10000 ms, worker RSS < 300 MB',
        met: exported.status === 'completed' && exportMs <= 10_000 && peaks.workerRssMb < 300,
        detail: `${exported.status}, ${data.counts.reviews} submitted reviews in the database`,
      });
    };
    await exportRow('csv');

    // Then until the run's events are all relayed and handled (webhook fan-out, e-mail).
    const redisEnv = loadEnvironment(env);
    const redis = new Redis(queueConnection(redisEnv));
    const events = new Queue(QUEUES.events, { connection: redis, prefix: queuePrefix(redisEnv) });
    for (;;) {
      const [{ pending }] = (await db.query(
        'SELECT count(*)::int AS pending FROM outbox WHERE enqueued_at IS NULL',
      )) as { pending: number }[];
      const counts = await events.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (pending === 0 && Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await events.close();
    redis.disconnect();
    rows.push({
      measure: `the run's ${done.entryCount} events relayed and handled, request → last`,
      ms: Math.round(performance.now() - started),
      ...sampler.phase(),
      target: '-',
    });
    await exportRow('xlsx');

    started = performance.now();
    const assigned = await client.call<{ created: number; unstaffed: unknown[] }>(
      'POST',
      `/api/v1/rounds/${data.rounds.assign}/assignments/auto`,
      data.staff.officer,
    );
    const assignMs = Math.round(performance.now() - started);
    rows.push({
      measure: `auto-assignment, 2000 applications × 200 reviewers`,
      ms: assignMs,
      ...sampler.phase(),
      target: '≤ 5000 ms',
      met: assignMs <= 5_000,
      detail: `${assigned.created} assignments, ${assigned.unstaffed.length} unstaffed`,
    });

    // Every remaining draft submitted, so the ranking sees three reviews per application.
    await db.query(
      `UPDATE assignments SET status = 'submitted', submitted_at = now(),
              weighted_score = (3 * (scores->>'impact')::int / 10.0
                                + 2 * (scores->>'feasibility')::int / 10.0
                                + (scores->>'reach')::int / 5.0) / 6
        WHERE round_id = $1 AND status = 'assigned'`,
      [data.rounds.review],
    );
    await db.query('ANALYZE assignments');
    const times: number[] = [];
    let ranked = 0;
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      const ranking = await client.call<{ data: unknown[] }>(
        'GET',
        `/api/v1/rounds/${data.rounds.review}/ranking`,
        data.staff.officer,
      );
      times.push(performance.now() - started);
      ranked = ranking.data.length;
    }
    const sorted = [...times].sort((a, b) => a - b);
    rows.push({
      measure: `ranking, ${ranked} applications (median of 5)`,
      ms: Math.round(sorted[2]),
      ...sampler.phase(),
      target: '-',
      detail: `first ${Math.round(times[0])} ms, min ${Math.round(sorted[0])} ms, max ${Math.round(sorted[4])} ms`,
    });

    const apiPeak = Math.round(rssMb(api.pid!, 'VmHWM'));
    const workerPeak = Math.round(rssMb(worker.pid!, 'VmHWM'));
    rows.push({
      measure: 'API peak RSS over the whole run (VmHWM)',
      apiRssMb: apiPeak,
      target: '≤ 150 MB (issue 14; SPEC §6 ≤ 250 MB)',
      met: apiPeak <= 150,
    });
    rows.push({
      measure: 'worker peak RSS over the whole run (VmHWM)',
      workerRssMb: workerPeak,
      target: '< 300 MB (during the export)',
      met: workerPeak < 300,
    });
  } finally {
    sampler.stop();
    await Promise.all([api, worker, ...floorProcesses.map((f) => f.child)].map(stop));
    await db.destroy();
    rmSync(storage, { recursive: true, force: true });
    if (!values.keep) {
      for (const name of [DATABASE, FLOOR_DATABASE]) {
        await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  }

  report(rows, { http, applications, seedSeconds, counts: data.counts });
}

function report(
  rows: Row[],
  run: { http: LoadOptions; applications: number; seedSeconds: number; counts: LoadData['counts'] },
): void {
  const at = new Date().toISOString();
  const host = machine();
  const cell = (value: number | undefined, unit = '') =>
    value === undefined ? '' : `${value}${unit}`;
  const percent = (ratio: number | undefined) =>
    ratio === undefined ? '' : `${Math.round(ratio * 100)} %`;
  const verdict = (row: Row) => (row.met === undefined ? '' : row.met ? 'met' : 'MISSED');
  console.table(
    rows.map((r) => ({
      measure: r.measure,
      'req/s': cell(r.rps),
      p50: cell(r.p50Ms, ' ms'),
      p99: cell(r.p99Ms, ' ms'),
      'vs floor': percent(r.ratio),
      'vs /health/live': percent(r.vsHealth),
      time: cell(r.ms, ' ms'),
      'API RSS': cell(r.apiRssMb, ' MB'),
      'worker RSS': cell(r.workerRssMb, ' MB'),
      target: r.target,
      '': verdict(r),
    })),
  );
  const markdown = [
    `Measured ${at.slice(0, 16).replace('T', ' ')} UTC on ${host.cores} × ${host.cpu}, ${host.memoryGiB} GiB, ` +
      `${host.node}, ${host.postgres}, ${host.redis.replace(/ sha=.*/, '')}; ` +
      `${run.http.connections} connections × ${run.http.duration} s per HTTP measure; ` +
      `data set: ${run.counts.applications} applications, ${run.counts.reviews} submitted reviews, ` +
      `${run.counts.partnerships} partnerships (seeded in ${run.seedSeconds.toFixed(0)} s).`,
    '',
    '| measure | req/s | p50 | p99 | vs floor | vs /health/live | time | API RSS | worker RSS | target | |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.measure} | ${cell(r.rps)} | ${cell(r.p50Ms, ' ms')} | ${cell(r.p99Ms, ' ms')} | ` +
        `${percent(r.ratio)} | ${percent(r.vsHealth)} | ${cell(r.ms, ' ms')} | ` +
        `${cell(r.apiRssMb, ' MB')} | ${cell(r.workerRssMb, ' MB')} | ${r.target} | ${verdict(r)} |`,
    ),
    '',
    'CPU per request during each HTTP measure, µs (from /proc: the process answering — the API ' +
      'or the floor —, the worker, every PostgreSQL process, Redis, the bench generating the ' +
      'load), and the share of both cores busy:',
    '',
    '| measure | serving process | worker | PostgreSQL | Redis | load generator | all | cores busy |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows
      .filter((r) => r.cpu)
      .map(({ measure, cpu }) => {
        const { server, worker, postgres, redis, load, machineBusy } = cpu!;
        const all = server + worker + postgres + redis + load;
        return (
          `| ${measure} | ${server} | ${worker} | ${postgres} | ${redis} | ${load} | ${all} | ` +
          `${percent(machineBusy)} |`
        );
      }),
  ].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify({ at, machine: host, run, rows }, null, 2) + '\n';
  writeFileSync(path.join(RESULTS_DIR, `${at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), json);
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), markdown + '\n');
  console.log(`\n${markdown}\n\nwritten to bench/results/latest.{json,md}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
