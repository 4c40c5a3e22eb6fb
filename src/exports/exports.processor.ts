import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Job, Queue } from 'bullmq';
import { Environment } from '../config/environment';
import { DomainEventHandlers } from '../outbox/domain-events';
import { JobSweep } from '../queues/job-sweep';
import { QUEUES } from '../queues/queues';
import { startWorker } from '../queues/worker-start';
import { warnOncePerOutage } from '../queues/worker-errors';
import { ExportGenerator, type RunOutcome } from './export-generator';

export const EXPORT_JOB = 'export';
/** BullMQ refuses a custom job id with one `:` in it, hence not `export:<id>`. */
export const exportJobId = (exportId: string) => `export-${exportId}`;

/** Exports hold a cursor and a file open for their whole run: a few at a time per worker. */
const MAX_CONCURRENT_EXPORTS = 2;

/**
 * The exports queue: one `export` job per requested export (added when its `export.requested`
 * outbox event arrives, so a rolled-back request never runs). The monthly ledger runs on the
 * maintenance queue (monthly-ledger.ts). An export left active by a killed worker is given back
 * once its lock expires (worker-start.ts), and every EXPORT_SWEEP_MS an export still queued or
 * running whose job Redis lost is queued again, one whose job failed for good is failed
 * (job-sweep.ts): the generator's lock and the export's status make every run after the first a
 * no-op.
 */
@Processor(QUEUES.exports, { autorun: false })
export class ExportsProcessor
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(ExportsProcessor.name);
  private readonly sweep: JobSweep;

  constructor(
    private readonly generator: ExportGenerator,
    private readonly handlers: DomainEventHandlers,
    private readonly env: Environment,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
    @InjectDataSource() dataSource: DataSource,
  ) {
    super();
    // Exports still queued or running: a job Redis lost, or one that failed for good, is noticed.
    this.sweep = new JobSweep(
      queue,
      {
        what: 'export',
        unfinished: async () =>
          (
            (await dataSource.query(
              `SELECT id FROM exports WHERE status IN ('queued', 'running') ORDER BY created_at`,
            )) as { id: string }[]
          ).map((row) => row.id),
        jobIdOf: exportJobId,
        enqueue: (exportId, jobId) => queue.add(EXPORT_JOB, { exportId }, { jobId }),
        fail: (exportId, reason) => generator.fail(exportId, reason),
      },
      this.logger,
    );
  }

  onModuleInit(): void {
    // The job id is the export's: a redelivered event adds nothing.
    this.handlers.on('export.requested', async (event) => {
      const exportId = String(event.payload.exportId);
      await this.queue.add(EXPORT_JOB, { exportId }, { jobId: exportJobId(exportId) });
    });
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = Math.min(MAX_CONCURRENT_EXPORTS, this.env.WORKER_CONCURRENCY);
    warnOncePerOutage(this.worker, this.logger);
    startWorker(this.worker, this.env, this.logger);
    this.sweep.start(this.env.EXPORT_SWEEP_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.sweep.stop();
  }

  async process(
    job: Job<{ exportId?: string }>,
  ): Promise<{ exportId: string; outcome: RunOutcome }> {
    switch (job.name) {
      case EXPORT_JOB: {
        const exportId = String(job.data.exportId);
        return { exportId, outcome: await this.generator.run(exportId) };
      }
      default:
        throw new Error(`no handler for exports job "${job.name}"`);
    }
  }
}
