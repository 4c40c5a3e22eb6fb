import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { QUEUES } from '../../../queues/queues';
import { warnOncePerOutage } from '../../../queues/worker-errors';
import { IdempotencyKeys } from './idempotency-keys';

export const IDEMPOTENCY_CLEANUP_JOB = 'idempotency-cleanup';
const EVERY_MS = 3600_000;
/** Small batches keep each DELETE's locks short next to live traffic. */
const BATCH_SIZE = 1000;

/** Deletes idempotency keys past their retention (IDEMPOTENCY_TTL_HOURS). */
@Processor(QUEUES.maintenance)
export class IdempotencyCleanupProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly log = new Logger(IdempotencyCleanupProcessor.name);

  constructor(private readonly keys: IdempotencyKeys) {
    super();
  }

  onApplicationBootstrap(): void {
    warnOncePerOutage(this.worker, this.log);
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== IDEMPOTENCY_CLEANUP_JOB) {
      throw new Error(`no handler for maintenance job "${job.name}"`);
    }
    let deleted = 0;
    for (;;) {
      const batch = await this.keys.deleteExpired(BATCH_SIZE);
      deleted += batch;
      if (batch < BATCH_SIZE) break;
    }
    if (deleted > 0) this.log.log({ deleted }, 'expired idempotency keys deleted');
    return { deleted };
  }
}

/**
 * Puts the hourly cleanup on the maintenance queue; upserting makes a restart harmless. Installed
 * by the worker's entry point (worker.ts), not on module init: a repeatable job always has a
 * delayed next run, which would keep an in-process test worker's queues from ever draining.
 */
@Injectable()
export class IdempotencyCleanupSchedule {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  async install(): Promise<void> {
    await this.queue.upsertJobScheduler(
      IDEMPOTENCY_CLEANUP_JOB,
      { every: EVERY_MS },
      { name: IDEMPOTENCY_CLEANUP_JOB, opts: { attempts: 3 } },
    );
  }
}
