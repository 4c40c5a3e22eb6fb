import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { MaintenanceJobs } from '../../../queues/maintenance';
import { QUEUES } from '../../../queues/queues';
import { IdempotencyKeys } from './idempotency-keys';

export const IDEMPOTENCY_CLEANUP_JOB = 'idempotency-cleanup';
const EVERY_MS = 3600_000;
/** Small batches keep each DELETE's locks short next to live traffic. */
const BATCH_SIZE = 1000;

/** Deletes idempotency keys past their retention (IDEMPOTENCY_TTL_HOURS); a maintenance job. */
@Injectable()
export class IdempotencyCleanup implements OnModuleInit {
  private readonly log = new Logger(IdempotencyCleanup.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly jobs: MaintenanceJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.on(IDEMPOTENCY_CLEANUP_JOB, () => this.run());
  }

  async run(): Promise<{ deleted: number }> {
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
