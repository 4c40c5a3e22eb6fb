import { INestApplicationContext } from '@nestjs/common';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis, { RedisOptions } from 'ioredis';
import request from 'supertest';
import { ChangeLog } from '../src/audit/change-log.service';
import { appKeyPrefix, queuePrefix, redisOptions } from '../src/common/redis/redis';
import { DomainEvent, DomainEventHandlers } from '../src/outbox/domain-events';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import {
  OutboxRelay,
  RedisUnavailableError,
  ReplicasBehindError,
} from '../src/outbox/outbox.relay';
import { QUEUES } from '../src/queues/queues';
import { createTestApp, eventually, sleep, TestContext } from './support/app';
import { bearer } from './support/factories';
import { freePort } from './support/net';
import { ThrowawaySentinelSet } from './support/throwaway-sentinel';

/** Records a change (its audit event and outbox row) and waits until the worker handled it. */
async function relayed(ctx: TestContext, seen: DomainEvent[], action: string): Promise<string> {
  const { outboxId } = await ctx.db.transaction((manager) =>
    ctx.api
      .get(ChangeLog)
      .record(manager, { actor: null, action, entity: { type: 'test', id: 'r' } }),
  );
  await eventually(async () => seen.some((e) => e.id === outboxId), 15_000, `event ${action}`);
  const job = await ctx.queue(QUEUES.events).getJob(outboxId);
  await eventually(async () => (await job?.getState()) === 'completed', 10_000, 'job completion');
  return outboxId;
}

function watch(worker: INestApplicationContext, type: string, seen: DomainEvent[]): void {
  worker.get(DomainEventHandlers).on(type, async (event) => {
    seen.push(event);
  });
}

/** Requests an export over the API and waits for the worker's export job to finish it. */
async function exportCompletes(ctx: TestContext): Promise<void> {
  const { auth } = await bearer(ctx, { role: 'program_officer' });
  const { id } = (
    await request(ctx.http)
      .post('/api/v1/exports')
      .set('Authorization', auth)
      .send({ type: 'disbursement_ledger', format: 'csv' })
      .expect(202)
  ).body as { id: string };
  const done = await eventually(
    async () => {
      const res = await request(ctx.http).get(`/api/v1/exports/${id}`).set('Authorization', auth);
      return ['completed', 'failed'].includes(res.body.status) && (res.body as { status: string });
    },
    15_000,
    'the export',
  );
  expect(done.status).toBe('completed');
}

/** Every key of this test's prefix on the server `redis` talks to. */
async function keysOf(redis: Redis, ctx: TestContext): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `*${ctx.env.REDIS_PREFIX}*`);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe('Redis through Sentinel', () => {
  let set: ThrowawaySentinelSet;
  let ctx: TestContext;
  let storage: string;
  const seen: DomainEvent[] = [];

  beforeAll(async () => {
    set = await ThrowawaySentinelSet.start();
    storage = mkdtempSync(path.join(tmpdir(), 'redis-sentinel-exports-'));
    ctx = await createTestApp({
      worker: true,
      env: {
        // Its host and port are never used: the sentinel names the master.
        REDIS_URL: 'redis://no-such-host.invalid:1',
        REDIS_SENTINELS: set.sentinels,
        REDIS_SENTINEL_NAME: set.name,
        REDIS_WAIT_REPLICAS: '1',
        OUTBOX_POLL_MS: '50',
        // An export job added to the old master in the failover's moment is added again.
        EXPORT_SWEEP_MS: '500',
        EXPORT_STORAGE_DIR: storage,
      },
    });
    watch(ctx.worker!, 'test.sentinel', seen);
  });
  afterAll(async () => {
    await ctx?.close();
    await set?.stop();
    if (storage) rmSync(storage, { recursive: true, force: true });
  });

  it('relays events and runs jobs on the master the sentinel names, every key under one hash tag', async () => {
    await request(ctx.http).get('/health/ready').expect(200);
    const eventId = await relayed(ctx, seen, 'test.sentinel');
    await exportCompletes(ctx);

    const master = set.connect(set.ports.master);
    try {
      const keys = await keysOf(master, ctx);
      const tag = appKeyPrefix(ctx.env);
      expect(keys).toContain(`${queuePrefix(ctx.env)}:${QUEUES.events}:${eventId}`);
      expect(keys).toContain(`${tag}outbox:relay-marker`);
      expect(keys.some((k) => k.startsWith(`${queuePrefix(ctx.env)}:${QUEUES.exports}:`))).toBe(
        true,
      );
      // One slot on a Redis Cluster: the hash tag is each key's first {…}.
      expect(keys.filter((k) => !k.startsWith(tag))).toEqual([]);
    } finally {
      master.disconnect();
    }
  });

  it('carries on through a failover to the replica: events relayed, jobs run, ready again', async () => {
    const before = seen.map((e) => e.id);
    await set.failover();
    expect(await set.masterPort()).toBe(set.ports.replica);

    // Until the sentinel turns the old master into a replica (some 8 s later, dropping its
    // clients) the processes still use it, and what they write there is then replaced. A batch
    // relayed there is not held by a replica (REDIS_WAIT_REPLICAS), so it is relayed again to the
    // new master once they reconnect.
    const eventId = await relayed(ctx, seen, 'test.sentinel');
    const promoted = set.connect(set.ports.replica);
    try {
      const completed = `${queuePrefix(ctx.env)}:${QUEUES.events}:completed`;
      await eventually(
        async () => (await promoted.zscore(completed, eventId)) !== null,
        20_000,
        'the event completed on the new master',
      );
    } finally {
      promoted.disconnect();
    }
    await exportCompletes(ctx);
    await eventually(
      async () => (await request(ctx.http).get('/health/ready')).status === 200,
      10_000,
      'readiness after the failover',
    );
    // What was done before the failover is not done again.
    expect(seen.filter((e) => before.includes(e.id))).toHaveLength(before.length);
  });
});

/** One relay batch, once the relay's own connection is up. */
async function relayOnceConnected(relay: OutboxRelay): Promise<number> {
  for (;;) {
    try {
      return await relay.relayBatch();
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      await sleep(20);
    }
  }
}

/** A throwaway CA and a certificate for `redis.test` signed by it (openssl, ECDSA: fast). */
function certificates(dir: string) {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=throwaway-ca',
  );
  openssl(
    'req',
    ...ec,
    '-keyout',
    file('redis.key'),
    '-out',
    file('redis.csr'),
    '-subj',
    '/CN=redis.test',
  );
  writeFileSync(file('ext.cnf'), 'subjectAltName=DNS:redis.test\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('redis.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('redis.pem'),
    '-days',
    '1',
    '-extfile',
    file('ext.cnf'),
  );
  return { ca: file('ca.pem'), cert: file('redis.pem'), key: file('redis.key') };
}

/** Connects once with `options` and says what happened (`PONG` or the first error). */
async function ping(options: RedisOptions): Promise<string> {
  const redis = new Redis({
    ...options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The connection's own error (the TLS handshake's) comes as an event; connect() only says closed.
  const errors: string[] = [];
  redis.on('error', (error: Error) => errors.push(error.message));
  try {
    await redis.connect();
    return await redis.ping();
  } catch (error) {
    return errors[0] ?? (error as Error).message;
  } finally {
    redis.disconnect();
  }
}

describe('Redis over TLS', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  let ctx: TestContext;
  const seen: DomainEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-tls-'));
    const pki = certificates(dir);
    port = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--tls-cert-file',
        pki.cert,
        '--tls-key-file',
        pki.key,
        '--tls-ca-cert-file',
        pki.ca,
        '--tls-auth-clients',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    const direct = {
      host: '127.0.0.1',
      port,
      tls: { ca: readFileSync(pki.ca), servername: 'redis.test' },
    };
    await eventually(async () => (await ping(direct)) === 'PONG', 5_000, 'the TLS redis-server');
    ctx = await createTestApp({
      worker: true,
      env: {
        REDIS_URL: `rediss://127.0.0.1:${port}`,
        REDIS_TLS_CA_FILE: pki.ca,
        REDIS_TLS_SERVERNAME: 'redis.test',
        OUTBOX_POLL_MS: '50',
      },
    });
    watch(ctx.worker!, 'test.tls', seen);
  });
  afterAll(async () => {
    await ctx?.close();
    if (server && server.exitCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGKILL');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is ready, relays events and runs their jobs over rediss://', async () => {
    await request(ctx.http).get('/health/ready').expect(200);
    await relayed(ctx, seen, 'test.tls');
  });

  it('verifies the server: no connection without the CA, under another name, or in plain text', async () => {
    expect(await ping(redisOptions(ctx.env))).toBe('PONG');
    expect(await ping(redisOptions({ ...ctx.env, REDIS_TLS_CA_FILE: undefined }))).toMatch(
      /self[- ]signed|unable to (get|verify)/i,
    );
    expect(await ping(redisOptions({ ...ctx.env, REDIS_TLS_SERVERNAME: undefined }))).toMatch(
      /does not match|altnames/i,
    );
    expect(
      await ping(
        redisOptions({
          ...ctx.env,
          REDIS_URL: `redis://127.0.0.1:${port}`,
          REDIS_TLS: false,
          REDIS_TLS_CA_FILE: undefined,
          REDIS_TLS_SERVERNAME: undefined,
        }),
      ),
    ).not.toBe('PONG');
  });

  it('keeps a batch pending until REDIS_WAIT_REPLICAS replicas hold it (this Redis has none)', async () => {
    await ctx.stopWorker(); // its relay would take the row
    const { outboxId } = await ctx.db.transaction((manager) =>
      ctx.api
        .get(ChangeLog)
        .record(manager, { actor: null, action: 'test.tls', entity: { type: 'test', id: 'w' } }),
    );
    const relayWaitingFor = (replicas: number) =>
      new OutboxRelay(
        ctx.db,
        { ...ctx.env, REDIS_WAIT_REPLICAS: replicas },
        ctx.queue(QUEUES.events),
      );
    const enqueuedAt = async () =>
      (await ctx.db.getRepository(OutboxMessage).findOneByOrFail({ id: outboxId })).enqueuedAt;

    const waiting = relayWaitingFor(1);
    try {
      await expect(relayOnceConnected(waiting)).rejects.toThrow(ReplicasBehindError);
    } finally {
      await waiting.onModuleDestroy();
    }
    expect(await enqueuedAt()).toBeNull();

    const alone = relayWaitingFor(0);
    try {
      expect(await relayOnceConnected(alone)).toBe(1);
    } finally {
      await alone.onModuleDestroy();
    }
    expect(await enqueuedAt()).not.toBeNull();
  });
});
