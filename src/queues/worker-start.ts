import type { Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { hostname } from 'node:os';
import type { Environment } from '../config/environment';

export type WorkerTimings = Pick<
  Environment,
  'QUEUE_LOCK_MS' | 'QUEUE_STALLED_CHECK_MS' | 'QUEUE_MAX_STALLED_COUNT'
>;

/**
 * Starts `worker` (declared `autorun: false`) with the environment's lock and stalled-check
 * timings: every worker of every queue goes through here, so they all agree on them.
 *
 * A job left active by a dead worker (SIGKILL, OOM, a lost machine) is recovered by BullMQ's
 * own stalled-job handling: its lock, no longer renewed, expires after QUEUE_LOCK_MS, and the
 * next stalled check of any live worker (every QUEUE_STALLED_CHECK_MS, shared by all of them)
 * moves it back to wait. A live worker's jobs keep their lock (renewed every half of it) and are
 * never touched, so no job is copied while its worker runs it. A job given back more than
 * QUEUE_MAX_STALLED_COUNT times fails for good (a job that kills its worker each time).
 *
 * The name (host:pid) is stored on every job a worker takes (`processedBy`): the dashboard, and
 * an operator, can tell which process holds an active job.
 */
export function startWorker(worker: Worker, env: WorkerTimings, logger: Logger): void {
  if (worker.isRunning()) {
    // Autorun would have started the stalled checker and the lock renewal with BullMQ's defaults.
    throw new Error(`${worker.name}: declare its @Processor with autorun: false`);
  }
  Object.assign(worker.opts, {
    name: `${hostname()}:${process.pid}`,
    lockDuration: env.QUEUE_LOCK_MS,
    lockRenewTime: env.QUEUE_LOCK_MS / 2,
    stalledInterval: env.QUEUE_STALLED_CHECK_MS,
    maxStalledCount: env.QUEUE_MAX_STALLED_COUNT,
  });
  // @nestjs/bullmq builds the Worker with the @Processor options only (static, read before the
  // environment exists), and the Worker hands its lock timings to its lock manager when built:
  // build that again from the options above. BullMQ's own extension point for this (protected,
  // "can be overridden in subclasses"); test/chaos/live-worker.e2e-spec.ts fails if it stops
  // taking effect (a live job would be reported stalled, or a dead one recovered too late).
  (worker as unknown as { createLockManager(): void }).createLockManager();
  worker.run().catch((error: unknown) => {
    logger.error(`${worker.name} worker stopped: ${(error as Error).message}`);
  });
}
