import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { requestContext } from '../common/http/request-context';
import { Environment } from '../config/environment';
import { QUEUES } from '../queues/queues';
import { startWorker } from '../queues/worker-start';
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
    this.worker.concurrency = this.env.EVENT_CONCURRENCY;
    warnOncePerOutage(this.worker, this.logger);
    // A throwing handler would otherwise only show as a delayed job: say which event and why.
    this.worker.on('failed', (job, error) => {
      this.logger.warn(
        { eventId: job?.data.id, type: job?.name, attempt: job?.attemptsMade, err: error.message },
        'domain event handler failed; it will be retried',
      );
    });
    // An event left active by a killed worker is handled again once its lock expires (handlers
    // are idempotent).
    startWorker(this.worker, this.env, this.logger);
  }

  async process(job: Job<DomainEvent>): Promise<void> {
    // Audit rows a handler writes point back at the event that caused them.
    await requestContext.run({ requestId: `event:${job.data.id}` }, async () => {
      // Every handler runs even when one fails (one broken consumer must not starve the others);
      // the job then fails and retries them all, which is safe because handlers are idempotent.
      const errors: unknown[] = [];
      for (const handle of this.handlers.handlersOf(job.name)) {
        await handle(job.data).catch((error: unknown) => errors.push(error));
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} handlers failed`);
    });
  }
}
