import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { appKeyPrefix, queuePrefix, redisOptions } from '../common/redis/redis';
import { Environment } from '../config/environment';
import { QUEUES } from '../queues/queues';
import type { DomainEvent } from './domain-events';
import { IS_REQUEST, REQUEST_SUFFIX } from './outbox-message.entity';

/** A Redis command the relay sent did not answer within this; the batch is retried. */
const REDIS_COMMAND_TIMEOUT_MS = 5_000;

/** How long a batch waits for REDIS_WAIT_REPLICAS replicas to hold it before it is retried. */
const REPLICA_WAIT_MS = 1_000;

/**
 * How far back a Redis that lost its data may have held jobs of relayed rows: the queues keep a
 * completed job a day (queues.module.ts), so older rows' jobs were gone from it anyway.
 */
const LOST_JOBS_WINDOW_SECONDS = 24 * 3600;

/**
 * BullMQ runs jobs without a priority before prioritized ones. A `*.requested` event starts work
 * someone is waiting for (an export, a payment run); every other event only tells (webhooks,
 * e-mail) and may queue by the thousand behind a payment run. So requests jump that queue.
 */
export function eventPriority(eventType: string): number | undefined {
  return eventType.endsWith(REQUEST_SUFFIX) ? undefined : 1;
}

interface PendingRow {
  id: string;
  event_type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

export class RedisUnavailableError extends Error {
  constructor() {
    super('Redis is unavailable');
  }
}

export class ReplicasBehindError extends Error {
  constructor(acked: number, wanted: number) {
    super(`${acked} of the ${wanted} Redis replicas REDIS_WAIT_REPLICAS asks for hold the batch`);
  }
}

/**
 * Moves outbox rows into the `domain-events` queue (SPEC §5.11). A row is stamped only in the
 * transaction that saw its job added, so a Redis outage or a crash leaves it pending, never lost.
 * A crash between the add and the commit re-adds it next time, which BullMQ ignores: the job id
 * is the outbox id. `FOR UPDATE SKIP LOCKED` lets several workers relay side by side without
 * taking the same row.
 *
 * A relayed row's job can still be lost when Redis loses its data (a restart without persistence,
 * a flush, a failover to an empty replica): the relay keeps a marker key in Redis, and finding it
 * gone puts the rows relayed within the last day back to pending, to be added again under the
 * same job ids. Handlers are idempotent, so an event that was processed before the loss and is
 * relayed again changes nothing.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  /**
   * Its own connection, unlike the shared queues': no offline queue and no retries, so while
   * Redis is away an add fails at once instead of waiting (with the rows locked) for it to return.
   */
  private readonly redis: Redis;
  private readonly queue: Queue<DomainEvent>;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private stopping = false;
  /** The last failure logged, so an outage is one warning, not one per tick. */
  private failure: string | null = null;
  /** Present as long as Redis holds what the relay put in it (see recoverLostJobs). */
  private readonly markerKey: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
    @InjectQueue(QUEUES.events) shared: Queue,
  ) {
    this.redis = new Redis({
      ...redisOptions(env),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    });
    this.redis.on('error', () => undefined);
    this.queue = new Queue<DomainEvent>(QUEUES.events, {
      connection: this.redis,
      prefix: queuePrefix(env),
      defaultJobOptions: shared.opts.defaultJobOptions,
    });
    this.queue.on('error', () => undefined);
    // In the queues' hash slot: a Cluster shard that loses the jobs loses the marker with them.
    this.markerKey = `${appKeyPrefix(env)}outbox:relay-marker`;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Lets the batch in flight commit (or roll back), then stops. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.inFlight;
    await this.queue.close().catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * Relays up to OUTBOX_BATCH_SIZE pending rows in one transaction, requests first, each kind
   * oldest first; returns how many. Throws (rolling back, rows still pending) when Redis or PostgreSQL fails.
   */
  async relayBatch(): Promise<number> {
    // While Redis is away BullMQ would wait for it; better not to lock rows meanwhile.
    if (this.redis.status !== 'ready') throw new RedisUnavailableError();
    await this.recoverLostJobs();
    return this.db.transaction(async (manager) => {
      // Requests first: behind a payment run's 10,000 notifications an export request would
      // otherwise wait for all of them to be relayed.
      const pending = (condition: string, limit: number) =>
        manager.query(
          `SELECT id, event_type, payload, created_at FROM outbox
            WHERE enqueued_at IS NULL AND ${condition}
            ORDER BY created_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED`,
          [limit],
        ) as Promise<PendingRow[]>;
      const batch = this.env.OUTBOX_BATCH_SIZE;
      const requests = await pending(IS_REQUEST, batch);
      const rows =
        requests.length < batch
          ? [...requests, ...(await pending(`NOT ${IS_REQUEST}`, batch - requests.length))]
          : requests;
      if (rows.length === 0) return 0;
      await this.queue.addBulk(
        rows.map((row) => ({
          name: row.event_type,
          data: {
            id: row.id,
            type: row.event_type,
            payload: row.payload,
            createdAt: row.created_at.toISOString(),
          },
          opts: { jobId: row.id, priority: eventPriority(row.event_type) },
        })),
      );
      await this.awaitReplicas();
      await manager.query('UPDATE outbox SET enqueued_at = now() WHERE id = ANY($1::uuid[])', [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  /**
   * A Redis without the marker is new or lost its data, and with it the jobs of rows already
   * stamped: those go back to pending. The marker is set only once they have, so a failure here
   * (PostgreSQL away) is simply retried. Also runs on a first start, when there is nothing to redo.
   */
  private async recoverLostJobs(): Promise<void> {
    if ((await this.redis.exists(this.markerKey)) === 1) return;
    const [, reset] = (await this.db.query(
      `UPDATE outbox SET enqueued_at = NULL
        WHERE enqueued_at > now() - $1::int * interval '1 second'`,
      [LOST_JOBS_WINDOW_SECONDS],
    )) as [unknown, number];
    if (reset > 0) {
      this.logger.warn(`Redis lost its jobs; relaying the ${reset} events of the last day again`);
    }
    await this.redis.set(this.markerKey, new Date().toISOString());
  }

  /**
   * Redis replicates asynchronously: a failover may promote a replica that never got the batch
   * (and until Sentinel demotes the old master, seconds later, clients still write to it), yet the
   * marker, set long before, is there. So with REDIS_WAIT_REPLICAS a batch counts only once that many replicas hold it
   * (WAIT covers every earlier write of this connection); otherwise it rolls back and is added
   * again, under the same job ids, to whichever master then answers.
   */
  private async awaitReplicas(): Promise<void> {
    const wanted = this.env.REDIS_WAIT_REPLICAS;
    if (wanted === 0) return;
    const acked = await this.redis.wait(wanted, REPLICA_WAIT_MS);
    if (acked < wanted) throw new ReplicasBehindError(acked, wanted);
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick();
    }, delayMs);
  }

  /** One batch, then the next tick: at once when the batch was full (a backlog), else a poll later. */
  private async tick(): Promise<void> {
    let relayed = 0;
    try {
      relayed = await this.relayBatch();
      if (this.failure) this.logger.log('Outbox relay recovered; relaying pending events again');
      this.failure = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.failure) {
        this.logger.warn(`Outbox relay paused (${message}); rows stay pending and are retried`);
      }
      this.failure = message;
    } finally {
      this.schedule(relayed === this.env.OUTBOX_BATCH_SIZE ? 0 : this.env.OUTBOX_POLL_MS);
    }
  }
}
