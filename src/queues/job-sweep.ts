import type { Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';

type JobState = Awaited<ReturnType<Job['getState']>>;

/** Records (payment runs, exports) whose row says whether they are done, each run by one job. */
export interface SweptRecords {
  /** For the log: `payment run`, `export`. */
  what: string;
  /** Ids of the records still unfinished in the database, oldest first. */
  unfinished(): Promise<string[]>;
  jobIdOf(id: string): string;
  enqueue(id: string, jobId: string): Promise<unknown>;
  /** Ends a record whose job failed for good; a record that is already final stays as it is. */
  fail(id: string, reason: string): Promise<unknown>;
}

/**
 * Keeps every unfinished record moving whatever happened to its job: a job Redis lost is added
 * again, a job that failed for good fails its record, and a job that completed without finishing
 * it is taken over by a second job of the same record. The record's own lock and status make
 * every run after the first a no-op, so a second job is harmless. A job left active by a killed
 * worker is not the sweep's: BullMQ gives it back once its lock expires (worker-start.ts), and a
 * job it fails for good (given back too often) then fails its record here. Errors (Redis or
 * PostgreSQL away) wait for the next sweep.
 */
export class JobSweep {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    private readonly queue: Queue,
    private readonly records: SweptRecords,
    private readonly logger: Logger,
  ) {}

  /** Sweeps now, then every `everyMs`. */
  start(everyMs: number): void {
    this.inFlight = this.once();
    this.timer = setInterval(() => (this.inFlight = this.once()), everyMs);
  }

  /** No more sweeps; waits for the one in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  async once(): Promise<void> {
    const { queue, records } = this;
    try {
      for (const id of await records.unfinished()) {
        const job = await queue.getJob(records.jobIdOf(id));
        const state: JobState = job ? await job.getState() : 'unknown';
        if (state === 'unknown') {
          await records.enqueue(id, records.jobIdOf(id));
        } else if (state === 'failed') {
          await records.fail(id, job?.failedReason || 'the job failed');
        } else if (state === 'completed') {
          await records.enqueue(id, `${records.jobIdOf(id)}-takeover-${Date.now()}`);
          this.logger.warn({ id, state }, `${records.what} taken over by a new job`);
        }
      }
    } catch (error) {
      this.logger.warn(
        `${records.what} sweep skipped: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
