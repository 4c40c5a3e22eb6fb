import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Environment } from '../config/environment';
import { QUEUES } from './queues';
import { startWorker } from './worker-start';
import { warnOncePerOutage } from './worker-errors';

/**
 * Runs one maintenance job. Must be idempotent: a job is retried when it fails, and a repeatable
 * job may run on several workers at once.
 */
export type MaintenanceHandler = (job: Job) => Promise<unknown>;

/**
 * Which handler runs which job of the maintenance queue (job name = the handler's name, e.g.
 * `idempotency-cleanup`, `reports-overdue`). Modules register in their `onModuleInit`.
 */
@Injectable()
export class MaintenanceJobs {
  private readonly byName = new Map<string, MaintenanceHandler>();

  on(jobName: string, handler: MaintenanceHandler): void {
    // Two handlers for one name would make which one runs an accident of module order.
    if (this.byName.has(jobName)) {
      throw new Error(`two handlers for maintenance job "${jobName}"`);
    }
    this.byName.set(jobName, handler);
  }

  handlerOf(jobName: string): MaintenanceHandler | undefined {
    return this.byName.get(jobName);
  }
}

/**
 * The maintenance queue's one processor: dispatches each job to the handler of its name. The
 * worker starts only once every module has registered its handlers (autorun off until bootstrap),
 * so a job waiting in Redis at start never meets an empty registry.
 */
@Processor(QUEUES.maintenance, { autorun: false })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly log = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly jobs: MaintenanceJobs,
    private readonly env: Environment,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    warnOncePerOutage(this.worker, this.log);
    startWorker(this.worker, this.env, this.log);
  }

  async process(job: Job): Promise<unknown> {
    const handle = this.jobs.handlerOf(job.name);
    if (!handle) throw new Error(`no handler for maintenance job "${job.name}"`);
    return handle(job);
  }
}
