import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, MinimalJob } from 'bullmq';
import { Environment } from '../config/environment';
import { QUEUES } from '../queues/queues';
import { startWorker } from '../queues/worker-start';
import { warnOncePerOutage } from '../queues/worker-errors';
import { WebhookDeliverer } from './webhook-deliverer';
import { WEBHOOK_BACKOFF, WebhookJob, webhookBackoffMs } from './webhook.jobs';

/** BullMQ calls it for a failed job whose backoff type is not built in. */
function backoffStrategy(attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob) {
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' ? (backoff.delay ?? 1000) : (backoff ?? 1000);
  return type === WEBHOOK_BACKOFF ? webhookBackoffMs(attemptsMade, base) : base;
}

/**
 * One job per delivery; each run is one attempt, and BullMQ's retries are the next ones. A
 * delivery left in flight by a killed worker is attempted again once its job's lock expires
 * (worker-start.ts): at least once, as the receiver may have got the killed attempt; only a
 * pending delivery is attempted, so a job of an ended delivery sends nothing.
 */
@Processor(QUEUES.webhooks, { settings: { backoffStrategy }, autorun: false })
export class WebhooksProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhooksProcessor.name);

  constructor(
    private readonly deliverer: WebhookDeliverer,
    private readonly env: Environment,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // One slow receiver must not hold up every other subscription's deliveries.
    this.worker.concurrency = this.env.WORKER_CONCURRENCY;
    warnOncePerOutage(this.worker, this.logger);
    startWorker(this.worker, this.env, this.logger);
  }

  async process(job: Job<WebhookJob>): Promise<void> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const verdict = await this.deliverer.attempt(job.data.deliveryId, { lastAttempt });
    if (verdict === 'retry') {
      throw new Error(`webhook delivery ${job.data.deliveryId} failed; retrying with backoff`);
    }
  }
}
