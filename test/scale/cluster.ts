import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createTestApp, TestContext } from '../support/app';
import { freePort } from '../support/net';
import { ThrowawayRedis } from '../support/throwaway-redis';
import {
  killWorker,
  settingsOf,
  spawnSystemProcess,
  spawnWorker,
  SystemProcess,
  WorkerProcess,
} from '../chaos/processes';
import { LoadBalancer } from './load-balancer';

/**
 * How long a SIGTERMed API keeps serving while it reports not ready: many of the balancer's
 * 100 ms health checks, so it has stopped sending new requests before the listener closes even
 * when a busy machine (the rest of the suite beside it) delays a check.
 */
export const DRAIN_MS = 1_000;

export type ApiProcess = SystemProcess;

/** The API (src/main.ts) as a process of its own on `port`, with the cluster's settings. */
function spawnApi(env: Record<string, string>, port: number): ApiProcess {
  return spawnSystemProcess('API', 'src/main.ts', 'API listening', { ...env, PORT: String(port) });
}

/** An SMTP server that keeps a count of the messages it accepted (each is one e-mail sent). */
async function startMailCounter() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ClusterOptions {
  /** Settings for every process (API and worker) over the cluster's defaults. */
  env?: Record<string, string>;
}

/**
 * Two API processes and two worker processes on one database (cloned from the migrated template)
 * and one Redis (a throwaway redis-server the test may restart), with a round-robin load balancer
 * in front of the APIs: the deployment of SPEC §2 scaled out, on one machine.
 *
 * `ctx` is an in-process test app on the same database and Redis prefix, for the factories, for
 * SQL and for looking into the queues; it is not behind the balancer and serves no request of
 * the specs.
 */
export class Cluster {
  readonly apis: ApiProcess[] = [];
  readonly workers: WorkerProcess[] = [];
  private readonly apiPorts: number[] = [];
  private settings!: Record<string, string>;

  private constructor(
    readonly ctx: TestContext,
    readonly redis: ThrowawayRedis,
    readonly lb: LoadBalancer,
    readonly mail: Awaited<ReturnType<typeof startMailCounter>>,
    readonly exportDir: string,
  ) {}

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const began = Date.now();
    const redis = await ThrowawayRedis.start();
    const mail = await startMailCounter();
    const exportDir = mkdtempSync(path.join(tmpdir(), 'scale-exports-'));
    const ctx = await createTestApp({
      env: {
        REDIS_URL: redis.url,
        SMTP_URL: mail.url,
        EXPORT_STORAGE_DIR: exportDir,
        // Every request comes from the balancer's address: the limiter is not what is tested.
        RATE_LIMIT_MAX: '1000000',
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        SHUTDOWN_TIMEOUT_MS: '10000',
        // Only the exports a spec asks for.
        EXPORT_LEDGER_CRON: 'off',
        // A killed worker's jobs go to the other one within seconds, not the production 15 s
        // lock plus a check; still several times a job's longest synchronous stretch here.
        QUEUE_LOCK_MS: '3000',
        QUEUE_STALLED_CHECK_MS: '500',
        // Payment runs and exports whose jobs a Redis restart lost are found again soon.
        PAYMENT_RUN_SWEEP_MS: '1000',
        EXPORT_SWEEP_MS: '1000',
        ...options.env,
      },
    });
    const lb = new LoadBalancer();
    await lb.listen();
    const cluster = new Cluster(ctx, redis, lb, mail, exportDir);
    cluster.settings = settingsOf(ctx.env);
    for (let i = 0; i < 2; i++) cluster.apiPorts.push(await freePort());
    cluster.apiPorts.forEach((port, i) => lb.upstream(`api${i + 1}`, port));
    await Promise.all([
      cluster.startApi(0),
      cluster.startApi(1),
      cluster.startWorker(0),
      cluster.startWorker(1),
    ]);
    cluster.startedInMs = Date.now() - began;
    return cluster;
  }

  /** How long start() took (processes spawned, listening and ready). */
  startedInMs = 0;

  get url(): string {
    return this.lb.url;
  }

  /** API `i` itself, not through the balancer. */
  apiUrl(i: number): string {
    return `http://127.0.0.1:${this.apiPorts[i]}`;
  }

  /** Starts API `i` (0 or 1) on its port and waits until the balancer sees it ready. */
  async startApi(i: number): Promise<void> {
    const api = spawnApi(this.settings, this.apiPorts[i]);
    this.apis[i] = api;
    await api.started;
    await this.lb.whenReady(`api${i + 1}`);
  }

  /** Sends `signal` to API `i` and waits for it to exit; returns how it exited. */
  async stopApi(
    i: number,
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: string | null }> {
    const api = this.apis[i];
    if (api.exitCode !== null || api.signalCode !== null) {
      return { code: api.exitCode, signal: api.signalCode };
    }
    const exited = once(api, 'exit') as Promise<[number | null, string | null]>;
    api.kill(signal);
    const [code, exitSignal] = await exited;
    return { code, signal: exitSignal };
  }

  /** Starts worker `i` and waits until it consumes its queues. */
  async startWorker(i: number): Promise<void> {
    const worker = spawnWorker(this.settings);
    this.workers[i] = worker;
    await worker.started;
  }

  /** SIGKILL of worker `i`: no shutdown hook, no lock released. */
  async killWorker(i: number): Promise<void> {
    await killWorker(this.workers[i]);
  }

  /**
   * Runs `check`; when it fails, the error also tells what the outbox still holds unrelayed and
   * what each process printed, so a failure in CI can be read without a rerun.
   */
  async explained<T>(check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      const pending = await this.ctx.db
        .query(
          `SELECT event_type, count(*)::int AS n, min(created_at) AS oldest
             FROM outbox WHERE enqueued_at IS NULL GROUP BY event_type`,
        )
        .catch((e: Error) => e.message);
      (error as Error).message +=
        `\nunrelayed outbox rows: ${JSON.stringify(pending)}\n${this.outputs()}`;
      throw error;
    }
  }

  /** What the processes printed (warnings and errors): for failures. */
  outputs(): string {
    return [
      ...this.apis.map((p, i) => `--- api${i + 1}\n${p.output()}`),
      ...this.workers.map((p, i) => `--- worker${i + 1}\n${p.output()}`),
    ].join('\n');
  }

  async close(): Promise<void> {
    await this.lb.close();
    for (const child of [...this.apis, ...this.workers]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
    }
    await this.redis.start(); // so that the test app closes cleanly and its keys are removed
    await this.ctx.close();
    await this.mail.close();
    await this.redis.stop();
    rmSync(this.exportDir, { recursive: true, force: true });
  }
}

/** One answer through the balancer, or the error that stood for one. */
export type Result =
  | { kind: 'answered'; status: number; body: string; upstream?: string }
  | { kind: 'failed'; code: string };

/** A request through the balancer with node:http (no retry, no redirect: what happened is kept). */
export function send(
  agent: http.Agent,
  url: string,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Result> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Result) => {
      if (!settled) resolve(result);
      settled = true;
    };
    const req = http.request(
      {
        host: hostname,
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
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          settle({
            kind: 'answered',
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            upstream: res.headers['x-upstream'] as string | undefined,
          }),
        );
        res.on('aborted', () => settle({ kind: 'failed', code: 'aborted' }));
        res.on('error', (error: NodeJS.ErrnoException) =>
          settle({ kind: 'failed', code: error.code ?? error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ kind: 'failed', code: error.code ?? error.message }),
    );
    req.end(payload);
  });
}
