import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { DomainEventHandlers } from '../outbox/domain-events';
import { QUEUES } from '../queues/queues';
import { JobSweep } from '../queues/job-sweep';
import { startWorker } from '../queues/worker-start';
import { warnOncePerOutage } from '../queues/worker-errors';
import {
  ExecutionOutcome,
  PaymentRunDataError,
  PaymentRunExecution,
} from './payment-run-execution';
import {
  PAYMENT_RUN_JOB,
  PAYMENT_RUN_REQUESTED,
  PaymentRunJob,
  paymentRunJobId,
} from './payment-run.jobs';

/**
 * Runs one payment run per job; the run row, not the job, says whether it is done. A run left
 * active by a killed worker is given back once its job's lock expires (worker-start.ts) and runs
 * again from the top: the run row's lock and status make every execution after the first a no-op.
 */
@Processor(QUEUES.paymentRuns, { autorun: false })
export class PaymentRunsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentRunsProcessor.name);

  constructor(
    private readonly execution: PaymentRunExecution,
    private readonly env: Environment,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    warnOncePerOutage(this.worker, this.logger);
    startWorker(this.worker, this.env, this.logger);
  }

  async process(job: Job<PaymentRunJob>): Promise<ExecutionOutcome> {
    const { runId } = job.data;
    try {
      return await this.execution.execute(runId);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof PaymentRunDataError) {
        await this.execution.fail(runId, reason);
        throw new UnrecoverableError(reason);
      }
      // The last attempt: say so on the run, or it would wait for the sweep to notice.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.execution.fail(runId, reason).catch(() => undefined);
      }
      throw error;
    }
  }
}

/**
 * Keeps every run moving whatever happened to its job (SPEC §5.7 exactly once): turns the
 * `payment_run.requested` outbox event into the run's job, and sweeps runs still `queued` or
 * `running` (job-sweep.ts): a job Redis lost is added again, a job that failed for good fails
 * its run.
 */
@Injectable()
export class PaymentRunRecovery implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentRunRecovery.name);
  private readonly sweep: JobSweep;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @InjectQueue(QUEUES.paymentRuns) private readonly queue: Queue<PaymentRunJob>,
    execution: PaymentRunExecution,
    private readonly handlers: DomainEventHandlers,
    private readonly env: Environment,
  ) {
    this.sweep = new JobSweep(
      queue,
      {
        what: 'payment run',
        unfinished: async () =>
          (
            (await dataSource.query(
              `SELECT id FROM payment_runs WHERE status IN ('queued', 'running') ORDER BY created_at`,
            )) as { id: string }[]
          ).map((row) => row.id),
        jobIdOf: paymentRunJobId,
        enqueue: (id, jobId) => this.enqueue(id, jobId),
        fail: (id, reason) => execution.fail(id, reason),
      },
      this.logger,
    );
  }

  // Registered at module init: the domain-events worker starts at application bootstrap and
  // must find every handler in place.
  onModuleInit(): void {
    this.handlers.on(PAYMENT_RUN_REQUESTED, async (event) => {
      await this.enqueue(String(event.payload.runId));
    });
  }

  onApplicationBootstrap(): void {
    this.sweep.start(this.env.PAYMENT_RUN_SWEEP_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.sweep.stop();
  }

  enqueue(runId: string, jobId = paymentRunJobId(runId)): Promise<Job<PaymentRunJob>> {
    return this.queue.add(PAYMENT_RUN_JOB, { runId }, { jobId });
  }
}
