import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { ChangeLog } from '../src/audit/change-log.service';
import { Environment } from '../src/config/environment';
import { DomainEvent, DomainEventHandlers } from '../src/outbox/domain-events';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { OutboxRelay } from '../src/outbox/outbox.relay';
import { QUEUES } from '../src/queues/queues';
import { WorkerModule } from '../src/worker.module';
import { createTestApp, drainQueues, eventually, sleep, TestContext } from './support/app';
import { ThrowawayRedis } from './support/throwaway-redis';

/** Records a change through ChangeLog and returns the outbox row it wrote. */
async function recordChange(ctx: TestContext, action: string): Promise<OutboxMessage> {
  const changeLog = ctx.api.get(ChangeLog);
  const { outboxId, auditEventId } = await ctx.db.transaction((manager) =>
    changeLog.record(manager, { actor: null, action, entity: { type: 'test', id: 'e1' } }),
  );
  const row = await ctx.db.getRepository(OutboxMessage).findOneByOrFail({ id: outboxId });
  expect(row).toMatchObject({ eventType: action, auditEventId });
  return row;
}

/** Every event the worker's handlers saw, by outbox id. */
function watch(worker: INestApplicationContext, type: string, seen: DomainEvent[]): void {
  worker.get(DomainEventHandlers).on(type, async (event) => {
    seen.push(event);
  });
}

const enqueuedAt = async (ctx: TestContext, id: string) =>
  (await ctx.db.getRepository(OutboxMessage).findOneByOrFail({ id })).enqueuedAt;

describe('outbox relay', () => {
  describe('with Redis up', () => {
    let ctx: TestContext;
    const seen: DomainEvent[] = [];

    beforeAll(async () => {
      ctx = await createTestApp({ worker: true, env: { OUTBOX_POLL_MS: '50' } });
      watch(ctx.worker!, 'test.relayed', seen);
    });
    afterAll(() => ctx.close());

    it('turns a recorded change into one completed job whose id is the outbox id', async () => {
      const row = await recordChange(ctx, 'test.relayed');
      await eventually(() => enqueuedAt(ctx, row.id), 10_000, 'enqueued_at');

      const job = (await ctx.queue(QUEUES.events).getJob(row.id)) as Job<DomainEvent>;
      expect(job.name).toBe('test.relayed');
      expect(job.data).toEqual({
        id: row.id,
        type: 'test.relayed',
        payload: row.payload,
        createdAt: row.createdAt.toISOString(),
      });
      await eventually(async () => (await job.getState()) === 'completed', 10_000, 'completion');
      expect(seen.map((e) => e.id)).toEqual([row.id]);
      expect(seen[0].payload).toMatchObject({ entityType: 'test', entityId: 'e1' });
    });

    it('completes an event no handler listens to', async () => {
      const row = await recordChange(ctx, 'test.unheard');
      await eventually(() => enqueuedAt(ctx, row.id), 10_000, 'enqueued_at');
      await eventually(
        async () => (await ctx.queue(QUEUES.events).getJob(row.id))?.finishedOn,
        10_000,
        'completion',
      );
      expect(await (await ctx.queue(QUEUES.events).getJob(row.id))!.getState()).toBe('completed');
    });
  });

  describe('with a backlog of events', () => {
    let ctx: TestContext;
    const seen: DomainEvent[] = [];

    beforeAll(async () => {
      ctx = await createTestApp({
        worker: true,
        env: { OUTBOX_POLL_MS: '50', EVENT_CONCURRENCY: '1' },
      });
      watch(ctx.worker!, 'test.told', seen);
      watch(ctx.worker!, 'test.requested', seen);
    });
    afterAll(() => ctx.close());

    it('handles a requested piece of work before the notifications queued ahead of it', async () => {
      const queue = ctx.queue(QUEUES.events);
      await queue.pause();
      const told = [];
      for (let i = 0; i < 10; i++) told.push(await recordChange(ctx, 'test.told'));
      const requested = await recordChange(ctx, 'test.requested');
      for (const row of [...told, requested]) {
        await eventually(() => enqueuedAt(ctx, row.id), 10_000, 'enqueued_at');
      }
      await queue.resume();
      await eventually(async () => seen.length === 11, 10_000, 'every event handled');
      expect(seen[0].id).toBe(requested.id);
      expect(seen.slice(1).map((e) => e.id)).toEqual(told.map((row) => row.id));
    });
  });

  describe('through a Redis outage', () => {
    let redis: ThrowawayRedis;
    let ctx: TestContext;
    const seen: DomainEvent[] = [];

    beforeAll(async () => {
      redis = await ThrowawayRedis.start();
      ctx = await createTestApp({
        worker: true,
        env: { REDIS_URL: redis.url, OUTBOX_POLL_MS: '50' },
      });
      watch(ctx.worker!, 'test.outage', seen);
    });
    afterAll(async () => {
      await ctx?.close();
      await redis?.stop();
    });

    it('keeps the row pending while Redis is down and delivers it once when it is back', async () => {
      await redis.stop();
      const row = await recordChange(ctx, 'test.outage');
      await sleep(500); // ten poll intervals
      expect(await enqueuedAt(ctx, row.id)).toBeNull();

      await redis.start(); // empty: it keeps nothing across the restart
      await eventually(() => enqueuedAt(ctx, row.id), 20_000, 'enqueued_at after the restart');
      const queue = ctx.queue(QUEUES.events);
      await eventually(async () => (await queue.getJob(row.id))?.finishedOn, 20_000, 'completion');
      await drainQueues(ctx);

      expect(await queue.getJobCounts('completed', 'failed', 'waiting', 'active')).toEqual({
        completed: 1,
        failed: 0,
        waiting: 0,
        active: 0,
      });
      expect(seen.map((e) => e.id)).toEqual([row.id]);
    }, 45_000);
  });

  describe('with two workers relaying at once', () => {
    let ctx: TestContext;
    let second: INestApplicationContext;

    beforeAll(async () => {
      ctx = await createTestApp({ worker: true, env: { OUTBOX_BATCH_SIZE: '50' } });
      const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
        .overrideProvider(Environment)
        .useValue(ctx.env)
        .compile();
      moduleRef.useLogger(false);
      second = await moduleRef.init();
    });
    afterAll(async () => {
      await second?.close();
      await ctx?.close();
    });

    it('enqueues and processes each of 500 rows exactly once', async () => {
      const workers = [ctx.worker!, second];
      const relays = workers.map((w) => w.get(OutboxRelay));
      const added = relays.map((relay) =>
        // The spy sees every id each relay hands to BullMQ, before BullMQ's own de-duplication.
        jest.spyOn(relay['queue'], 'addBulk'),
      );
      const seen: DomainEvent[] = [];
      workers.forEach((w) => watch(w, 'test.bulk', seen));
      // Both relays connected to Redis (a relay refuses to run before): nothing pending yet.
      for (const relay of relays) {
        await eventually(
          () =>
            relay.relayBatch().then(
              () => true,
              () => false,
            ),
          10_000,
          'relay ready',
        );
      }

      await ctx.db.query(
        `INSERT INTO outbox (id, event_type, payload)
         SELECT gen_random_uuid(), 'test.bulk', jsonb_build_object('n', n)
           FROM generate_series(1, 500) AS n`,
      );
      // Besides the two polling loops, four more relayBatch calls at a time contend for rows.
      for (;;) {
        const counts = await Promise.all([...relays, ...relays].map((r) => r.relayBatch()));
        if (counts.every((n) => n === 0)) break;
      }

      await eventually(
        async () =>
          Number(
            (await ctx.db.query('SELECT count(*) AS n FROM outbox WHERE enqueued_at IS NULL'))[0].n,
          ) === 0,
        10_000,
        'every row enqueued',
      );
      await eventually(async () => seen.length >= 500, 15_000, '500 events handled');
      await drainQueues(ctx);

      const addedIds = added.flatMap((spy) =>
        spy.mock.calls.flatMap(([jobs]) => jobs.map((job) => job.opts?.jobId)),
      );
      const rows = (await ctx.db.query('SELECT id FROM outbox')) as { id: string }[];
      expect(addedIds).toHaveLength(500);
      expect(new Set(addedIds)).toEqual(new Set(rows.map((r) => r.id)));
      expect(seen).toHaveLength(500);
      expect(new Set(seen.map((e) => e.id)).size).toBe(500);
    });
  });
});
