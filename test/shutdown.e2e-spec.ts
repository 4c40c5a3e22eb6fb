import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { cloneTemplate, dropDatabase } from './support/databases';
import { TEST_SERVER_URL, templateDatabase } from './support/env';
import { eventually } from './support/app';
import { freePort } from './support/net';

const ROOT = path.resolve(__dirname, '..');

function get(port: number, pathname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** The API as its own process (ts-node, no build needed), as an orchestrator would run it. */
describe('API process: graceful shutdown on SIGTERM', () => {
  let databaseName: string;
  let api: ChildProcess;
  let port: number;
  let output = '';

  beforeAll(async () => {
    databaseName = await cloneTemplate(TEST_SERVER_URL, templateDatabase());
    port = await freePort();
    api = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: `${TEST_SERVER_URL}/${databaseName}`,
        PORT: String(port),
        REDIS_PREFIX: `test_shutdown_${process.pid}`,
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_MS: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      () =>
        get(port, '/health/live').then(
          (s) => s === 200,
          () => false,
        ),
      60_000,
      'API start',
    );
  }, 90_000);

  afterAll(async () => {
    if (api.exitCode === null) api.kill('SIGKILL');
    await dropDatabase(TEST_SERVER_URL, databaseName);
  });

  it('finishes a request in flight, refuses new connections, and exits 0', async () => {
    // A request whose body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ email: 'nobody@test.example', password: 'x'.repeat(20) });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/auth/login',
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        api.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 200);
    });
    const exited = new Promise<number | null>((resolve) =>
      api.once('exit', (code) => resolve(code)),
    );

    const response = await inFlight;
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.parse(response.body).code).toBeDefined();

    await expect(get(port, '/health/live')).rejects.toThrow(
      /ECONNREFUSED|ECONNRESET|socket hang up/,
    );
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: shutting down');
    expect(output).toContain('HTTP server drained');
  }, 30_000);
});

/** The worker as its own process: relays while running, drains and exits 0 on SIGTERM. */
describe('worker process: graceful shutdown on SIGTERM', () => {
  let databaseName: string;
  let worker: ChildProcess;
  let output = '';
  let db: Client;

  beforeAll(async () => {
    databaseName = await cloneTemplate(TEST_SERVER_URL, templateDatabase());
    db = new Client({ connectionString: `${TEST_SERVER_URL}/${databaseName}` });
    await db.connect();
    worker = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: `${TEST_SERVER_URL}/${databaseName}`,
        REDIS_PREFIX: `test_worker_shutdown_${process.pid}`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(async () => output.includes('worker started'), 60_000, 'worker start');
  }, 90_000);

  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await db.end();
    await dropDatabase(TEST_SERVER_URL, databaseName);
  });

  it('relays the outbox, then exits 0 on SIGTERM', async () => {
    const id = randomUUID();
    await db.query(`INSERT INTO outbox (id, event_type, payload) VALUES ($1, 'test.event', '{}')`, [
      id,
    ]);
    await eventually(
      async () =>
        (await db.query('SELECT 1 FROM outbox WHERE id = $1 AND enqueued_at IS NOT NULL', [id]))
          .rowCount === 1,
      15_000,
      'the relay to enqueue the row',
    );
    const exited = new Promise<number | null>((resolve) =>
      worker.once('exit', (code) => resolve(code)),
    );
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: shutting down');
  }, 30_000);
});
