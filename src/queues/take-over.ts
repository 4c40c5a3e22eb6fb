import type { Logger } from '@nestjs/common';
import type { Queue, Worker } from 'bullmq';

/**
 * Starts `worker` (declared `autorun: false`) once every job its queue already has active has
 * been taken over by a copy: same name, data, attempts and backoff, job id
 * `<id>-takeover-<now>`. Nothing runs here yet, so an active job belongs to another worker,
 * normally one that died (SIGKILL, OOM): BullMQ gives such a job back only once its lock has
 * expired and a stalled check has seen it twice (30 to 60 s with the default lock), while the copy
 * runs as soon as the worker starts. The processor must make a second run harmless, since the
 * original runs again when it is given back (or runs on, if its worker is alive after all).
 */
export function runAfterTakeOver(worker: Worker, queue: Queue, logger: Logger): void {
  const takeOver = async () => {
    for (const job of await queue.getActive()) {
      await queue.add(job.name, job.data, {
        attempts: job.opts.attempts,
        backoff: job.opts.backoff,
        jobId: `${job.id}-takeover-${Date.now()}`,
      });
      logger.warn({ jobId: job.id, queue: queue.name }, 'active job taken over at start');
    }
  };
  void takeOver()
    .catch((error: unknown) => {
      // Redis away or the worker closing: BullMQ's stalled check still gives the jobs back.
      logger.warn(`${queue.name}: take-over skipped: ${(error as Error).message}`);
    })
    .then(() => {
      if (worker.closing) return;
      worker.run().catch((error: unknown) => {
        logger.error(`${queue.name} worker stopped: ${(error as Error).message}`);
      });
    });
}
