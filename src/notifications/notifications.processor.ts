import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { QUEUES } from '../queues/queues';
import { warnOncePerOutage } from '../queues/worker-errors';
import type { MailJob } from './mail.jobs';
import { Mailer } from './mailer';
import type { Notification } from './notification.entity';
import { isTemplateName, render } from './templates';

type Outcome = { sent: boolean } | { error: unknown; permanent: boolean };

/** An SMTP 5xx reply: the server will refuse the same message again. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const reasonOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * Sends one notification's e-mail. The row, locked for the whole step, says whether it was sent:
 * a second job of the same row waits for the first and then finds it `sent`.
 *
 * The one window left for a second e-mail: the SMTP server accepted the message, and the process
 * died (or PostgreSQL failed the commit) before the `sent` mark committed. The retry then sends
 * again. SMTP has no idempotency key to close it; marking `sent` in the same transaction,
 * directly after the server's reply, keeps it to that instant.
 */
@Processor(QUEUES.notifications)
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly env: Environment,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.env.WORKER_CONCURRENCY;
    warnOncePerOutage(this.worker, this.logger);
  }

  async process(job: Job<MailJob>): Promise<{ sent: boolean }> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const [row] = (await manager.query(
        `SELECT id, email, template, locale, status FROM notifications WHERE id = $1 FOR UPDATE`,
        [job.data.notificationId],
      )) as Pick<Notification, 'id' | 'email' | 'template' | 'locale' | 'status'>[];
      if (!row || row.status !== 'pending') return { sent: false };
      try {
        if (!isTemplateName(row.template)) throw new Error(`no template "${row.template}"`);
        const mail = render(row.template, row.locale === 'ja' ? 'ja' : 'en', job.data.vars);
        const { messageId } = await this.mailer.send(row.email, mail);
        await manager.query(
          `UPDATE notifications SET status = 'sent', message_id = $2, sent_at = now(),
                  attempts = attempts + 1, error = NULL
            WHERE id = $1`,
          [row.id, messageId.slice(0, 300)],
        );
        return { sent: true };
      } catch (error) {
        const permanent = isPermanent(error) || !isTemplateName(row.template);
        await manager.query(
          `UPDATE notifications SET attempts = attempts + 1, error = $2,
                  status = CASE WHEN $3 THEN 'failed' ELSE status END
            WHERE id = $1`,
          [row.id, reasonOf(error), permanent || lastAttempt],
        );
        return { error, permanent };
      }
    });
    if ('error' in outcome) {
      if (outcome.permanent) throw new UnrecoverableError(reasonOf(outcome.error));
      throw outcome.error;
    }
    return outcome;
  }
}
