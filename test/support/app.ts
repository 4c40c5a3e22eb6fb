import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { appKeyPrefix, redisOptions } from '../../src/common/redis/redis';
import { configureApp, httpAdapter } from '../../src/app.setup';
import { Environment, loadEnvironment } from '../../src/config/environment';
import { ALL_QUEUES } from '../../src/queues/queues';
import { WorkerModule } from '../../src/worker.module';
import { cloneTemplate, dropDatabase } from './databases';
import { TEST_SERVER_URL, templateDatabase } from './env';

export interface TestContext {
  /** The environment both processes of this test were started with. */
  env: Environment;
  databaseName: string;
  /** Direct SQL access to this test's own database, for setup and for checking invariants. */
  db: DataSource;
  api: NestFastifyApplication;
  /** The in-process worker (processors, outbox relay), when the test asked for one. */
  worker?: INestApplicationContext;
  /** `request(ctx.http)` — the API's HTTP server for supertest. */
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  queue(name: string): Queue;
  /** Stops the worker (as a killed process would: no more jobs). */
  stopWorker(): Promise<void>;
  startWorker(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Also boot the worker in-process (BullMQ processors and the outbox relay). */
  worker?: boolean;
  /** Environment overrides (e.g. a throwaway REDIS_URL, a small RATE_LIMIT_MAX). */
  env?: Record<string, string>;
}

async function bootWorker(env: Environment): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(Environment)
    .useValue(env)
    .compile();
  moduleRef.useLogger(false);
  return moduleRef.init();
}

/** The API app as main.ts builds it (same adapter and pipeline), ready for supertest. */
async function bootApi(env: Environment): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Environment)
    .useValue(env)
    .compile();
  const api = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(env), {
    logger: false,
  });
  await configureApp(api);
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  return api;
}

/**
 * Another API process on this test's database and Redis prefix, as a second replica would be.
 * The caller closes it. Passport strategies are process-wide: the newest app's authenticate for
 * all (same database here, so the same answers).
 */
export function createApiReplica(ctx: TestContext): Promise<NestFastifyApplication> {
  return bootApi(ctx.env);
}

/**
 * An SMTP server that accepts and discards every message: the worker's notification e-mails
 * (SPEC §5.11) need somewhere to go, or their retries keep the queues busy. A test that reads
 * the mails starts its own server and passes SMTP_URL.
 */
async function startMailSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Boots the real API (and optionally the worker) on a database of its own, cloned from the
 * migrated template, with a Redis key prefix of its own: test files run in parallel and never see
 * each other's data.
 *
 * Keep one API app alive per test file at a time: Passport registers strategies process-wide, so
 * the newest app's strategies (and database) authenticate requests for every app in the process.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestContext> {
  const databaseName = await cloneTemplate(TEST_SERVER_URL, templateDatabase());
  const mailSink = options.env?.SMTP_URL ? undefined : await startMailSink();
  const env = loadEnvironment({
    ...process.env,
    ...(mailSink ? { SMTP_URL: mailSink.url } : {}),
    DATABASE_URL: `${TEST_SERVER_URL}/${databaseName}`,
    DATABASE_POOL_SIZE: '5',
    REDIS_PREFIX: `test_${randomBytes(5).toString('hex')}`,
    ...options.env,
  });

  const api = await bootApi(env);

  let worker = options.worker ? await bootWorker(env) : undefined;
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = api.get<Queue>(getQueueToken(name), { strict: false });
      queues.set(name, q);
    }
    return q;
  };

  const ctx: TestContext = {
    env,
    databaseName,
    db: api.get(DataSource),
    api,
    worker,
    http: api.getHttpServer(),
    queue,
    async stopWorker() {
      await worker?.close();
      worker = undefined;
      ctx.worker = undefined;
    },
    async startWorker() {
      worker = await bootWorker(env);
      ctx.worker = worker;
      return worker;
    },
    async close() {
      await worker?.close();
      await api.close();
      await mailSink?.close();
      await cleanRedisPrefix(env);
      await dropDatabase(TEST_SERVER_URL, databaseName);
    },
  };
  return ctx;
}

/** Removes every key this test wrote (its prefix is its own). */
async function cleanRedisPrefix(env: Environment): Promise<void> {
  const redis = new Redis({ ...redisOptions(env), maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${appKeyPrefix(env)}*`, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A test that took Redis away on purpose may leave it unreachable; nothing to clean then.
  } finally {
    redis.disconnect();
  }
}

/** Waits until every queue is idle (nothing waiting, active or delayed). */
export async function drainQueues(ctx: TestContext, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(
      ALL_QUEUES.map((name) =>
        ctx.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      ),
    );
    const busy = counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`queues still busy after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Polls `probe` until it returns a truthy value, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
