import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { requestContext } from '../common/http/request-context';
import { Environment } from '../config/environment';
import { QUEUES } from '../queues/queues';
import { warnOncePerOutage } from '../queues/worker-errors';
import { DomainEvent, DomainEventHandlers } from './domain-events';

/**
 * Hands each relayed outbox event to the handlers of its type; none registered is a no-op. The
 * worker starts only at application bootstrap, once every module has registered its handlers:
 * an event processed before that would complete with nobody listening, and be lost.
 */
@Processor(QUEUES.events, { autorun: false })
export class DomainEventsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DomainEventsProcessor.name);

  constructor(
    private readonly handlers: DomainEventHandlers,
    private readonly env: Environment,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // @Processor options are static; the worker exists only after module init.
    this.worker.concurrency = this.env.WORKER_CONCURRENCY;
    warnOncePerOutage(this.worker, this.logger);
    this.worker.run().catch((error: unknown) => {
      this.logger.error(`domain-events worker stopped: ${(error as Error).message}`);
    });
  }

  async process(job: Job<DomainEvent>): Promise<void> {
    // Audit rows a handler writes point back at the event that caused them.
    await requestContext.run({ requestId: `event:${job.data.id}` }, async () => {
      for (const handle of this.handlers.handlersOf(job.name)) await handle(job.data);
    });
  }
}
