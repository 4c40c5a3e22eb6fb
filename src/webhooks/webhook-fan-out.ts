import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { DomainEvent, DomainEventHandlers } from '../outbox/domain-events';
import { QUEUES } from '../queues/queues';
import { WEBHOOK_EVENTS } from './webhook-events';
import { WEBHOOK_JOB, WebhookJob, webhookJobId, webhookJobOptions } from './webhook.jobs';

/**
 * Turns each subscribable domain event into one delivery per active subscription listing its
 * type, and one job per delivery. Handling the same event twice is harmless: the unique
 * (subscription, event) index keeps one delivery, and its job id keeps one job.
 */
@Injectable()
export class WebhookFanOut implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: DomainEventHandlers,
    private readonly env: Environment,
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue<WebhookJob>,
  ) {}

  onModuleInit(): void {
    for (const type of WEBHOOK_EVENTS) this.handlers.on(type, (event) => this.fanOut(event));
  }

  async fanOut(event: DomainEvent): Promise<void> {
    const body = {
      id: event.id,
      type: event.type,
      timestamp: event.createdAt,
      data: event.payload,
    };
    // One statement: the deliveries inserted now, and every pending delivery of the event, not
    // only those: after a crash between the insert and the enqueue, or once Redis lost the jobs
    // (the relay then hands the event over again), the event inserts nothing but its deliveries
    // must still get their jobs. A delivery whose job still exists (waiting, or delayed for a
    // retry) is left alone: same job id. The SELECT's snapshot does not see the rows its own
    // INSERT writes, hence the UNION with what the INSERT returned.
    const untried = (await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
         SELECT s.id, $1::uuid, $2::varchar, $3::jsonb FROM webhook_subscriptions s
          WHERE s.status = 'active' AND $2::text = ANY(s.events)
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING id)
       SELECT id FROM inserted
       UNION
       SELECT id FROM webhook_deliveries WHERE event_id = $1 AND status = 'pending'`,
      [event.id, event.type, JSON.stringify(body)],
    )) as { id: string }[];
    if (untried.length === 0) return;
    await this.queue.addBulk(
      untried.map(({ id }) => ({
        name: WEBHOOK_JOB,
        data: { deliveryId: id },
        opts: { ...webhookJobOptions(this.env), jobId: webhookJobId(id) },
      })),
    );
  }
}
