import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DomainEvent, DomainEventHandlers } from '../outbox/domain-events';
import { QUEUES } from '../queues/queues';
import { Addressee, addresseesOf, MalformedEventError } from './audience';
import { MAIL_ATTEMPTS, MAIL_BACKOFF, MAIL_JOB, MailJob, mailJobId } from './mail.jobs';
import { TEMPLATE_NAMES, TemplateName } from './templates';

/**
 * Turns domain events into e-mails (SPEC §5.11): one notification row per event, recipient and
 * template, then one mail job per row. The unique key `ux_notifications_once` makes a second
 * handling of the same event (a retried or re-relayed job) add no row, and the job id
 * `mail-<row id>` makes it add no job.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly handlers: DomainEventHandlers,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue<MailJob>,
  ) {}

  onModuleInit(): void {
    for (const template of TEMPLATE_NAMES) {
      this.handlers.on(template, (event) => this.notify(template, event));
    }
  }

  /** Idempotent: whatever ran before for this event, each recipient ends up with one mail job. */
  async notify(template: TemplateName, event: DomainEvent): Promise<void> {
    let addressees: Addressee[];
    try {
      addressees = await addresseesOf(this.dataSource.manager, template, event);
    } catch (error) {
      // Failing the event would only retry it in vain, and hold up the handlers after this one.
      if (!(error instanceof MalformedEventError)) throw error;
      this.logger.error({ eventId: event.id, type: event.type }, `no e-mail: ${error.message}`);
      return;
    }
    if (!addressees.length) return;
    await this.dataSource.query(
      `INSERT INTO notifications (event_id, recipient_id, email, template, locale)
       SELECT $1, r.id, r.email, $2, r.locale
         FROM unnest($3::uuid[], $4::varchar[], $5::varchar[]) AS r(id, email, locale)
           ON CONFLICT (event_id, recipient_id, template) DO NOTHING`,
      [
        event.id,
        template,
        addressees.map((a) => a.recipientId),
        addressees.map((a) => a.email),
        addressees.map((a) => a.locale),
      ],
    );
    // Every row still pending, not only the ones just inserted: a crash between the insert and
    // the add would otherwise leave a row that no job ever sends. A job that already exists
    // (queued, running, or kept after completion) is not added twice. A row left `sending` gets
    // a job too: it settles it as uncertain, never sends it (NotificationsProcessor).
    const pending = (await this.dataSource.query(
      `SELECT id, recipient_id FROM notifications
        WHERE event_id = $1 AND template = $2 AND status IN ('pending', 'sending')`,
      [event.id, template],
    )) as { id: string; recipient_id: string }[];
    const byRecipient = new Map(addressees.map((a) => [a.recipientId, a]));
    const jobs = pending.flatMap(({ id, recipient_id }) => {
      const addressee = byRecipient.get(recipient_id);
      // Deactivated since the row was written: no longer told.
      if (!addressee) return [];
      return [
        {
          name: MAIL_JOB,
          data: { notificationId: id, vars: addressee.vars },
          opts: { jobId: mailJobId(id), attempts: MAIL_ATTEMPTS, backoff: MAIL_BACKOFF },
        },
      ];
    });
    if (jobs.length) await this.queue.addBulk(jobs);
  }
}
