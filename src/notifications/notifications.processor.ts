import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource, QueryRunner } from 'typeorm';
import { Environment } from '../config/environment';
import { QUEUES } from '../queues/queues';
import { startWorker } from '../queues/worker-start';
import { warnOncePerOutage } from '../queues/worker-errors';
import {
  abandonedClaimReason,
  claimNote,
  messageOf,
  type NotificationStatus,
  pickUp,
  smtpOutcome,
  statusAfterSmtpError,
  unknownOutcomeReason,
} from './delivery';
import type { MailJob } from './mail.jobs';
import { Mailer } from './mailer';
import type { Notification } from './notification.entity';
import { isTemplateName, render, type RenderedMail } from './templates';

/** Namespace of the session advisory locks held by the one attempt delivering a notification. */
export const DELIVERY_LOCK_NAMESPACE = 5_117_003;

export interface MailJobResult {
  sent: boolean;
  /** The row's status when the job ended. */
  status?: NotificationStatus;
}

type Row = Pick<Notification, 'id' | 'email' | 'template' | 'locale' | 'status' | 'error'>;

/**
 * Sends one notification's e-mail at most once (states and transitions: `delivery.ts`).
 *
 * SMTP has no idempotency key, so "exactly once" cannot be had: between the server accepting a
 * message and the `sent` mark committing, a process can die (or PostgreSQL fail the commit), and
 * nothing then tells whether the message went. This processor chooses never to send twice:
 *
 * 1. The attempt takes the row's delivery lock — a session advisory lock on its one connection,
 *    held until it is done. A second job of the same row (a retry, a take-over copy) waits for
 *    it; PostgreSQL drops the lock the moment the holder's connection ends, so a dead attempt
 *    never blocks the next.
 * 2. It claims the row (`pending` → `sending`, attempts + 1, `error` naming the job, attempt and
 *    time) in a statement of its own, committed before SMTP is spoken to.
 * 3. It sends, then records `sent` with the message id — or, when the send failed, `pending`
 *    (certainly not accepted: no connection, a 4xx reply; BullMQ retries), `failed` (a 5xx, or
 *    the last attempt) or `uncertain` (the session broke off before the server's reply).
 *
 * A job that, holding the lock, finds the row still `sending` knows its claimer is gone without
 * having recorded an outcome: it marks the row `uncertain`, warns once, and sends nothing. That
 * includes a claimer killed after the claim committed but before it sent a byte: from outside it
 * cannot be told from one killed after the server's reply, and at most once wins — such an e-mail
 * is not sent at all. A row left `sending` with no job to come (its last attempt died) means the
 * same as `uncertain`; handling its event again (NotificationsService.notify) settles it.
 */
@Processor(QUEUES.notifications, { autorun: false })
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
    startWorker(this.worker, this.env, this.logger);
  }

  async process(job: Job<MailJob>): Promise<MailJobResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const id = job.data.notificationId;
      await runner.query('SELECT pg_advisory_lock($1, hashtext($2))', [
        DELIVERY_LOCK_NAMESPACE,
        id,
      ]);
      try {
        return await this.deliver(runner, job);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
          DELIVERY_LOCK_NAMESPACE,
          id,
        ]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Runs holding the row's delivery lock: nobody else changes its status meanwhile. */
  private async deliver(runner: QueryRunner, job: Job<MailJob>): Promise<MailJobResult> {
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    const [row] = (await runner.query(
      `SELECT id, email, template, locale, status, error FROM notifications WHERE id = $1`,
      [job.data.notificationId],
    )) as Row[];

    switch (pickUp(row?.status)) {
      case 'skip':
        return { sent: false, status: row?.status };
      case 'settle-uncertain':
        await this.settle(runner, row.id, 'uncertain', abandonedClaimReason(row.error));
        this.logger.warn(
          { notificationId: row.id, jobId: job.id, claim: row.error },
          'e-mail outcome unknown (its attempt stopped while sending): marked uncertain, not sent again',
        );
        return { sent: false, status: 'uncertain' };
      case 'claim':
        break;
    }

    let mail: RenderedMail;
    try {
      if (!isTemplateName(row.template)) throw new Error(`no template "${row.template}"`);
      mail = render(row.template, row.locale === 'ja' ? 'ja' : 'en', job.data.vars);
    } catch (error) {
      // Nothing went to SMTP: the row stays pending for the retry, unless it never can render.
      const permanent = !isTemplateName(row.template);
      await runner.query(
        `UPDATE notifications SET attempts = attempts + 1, error = $2,
                status = CASE WHEN $3 THEN 'failed' ELSE status END
          WHERE id = $1`,
        [row.id, messageOf(error), permanent || lastAttempt],
      );
      if (permanent) throw new UnrecoverableError(messageOf(error));
      throw error;
    }

    // The claim commits on its own before the server is contacted: whatever happens next, a
    // later job sees that this attempt may have sent it.
    await runner.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, error = $2
        WHERE id = $1 AND status = 'pending'`,
      [row.id, claimNote(job.id, attempt, new Date())],
    );

    let messageId: string;
    try {
      ({ messageId } = await this.mailer.send(row.email, mail));
    } catch (error) {
      const status = statusAfterSmtpError(smtpOutcome(error), lastAttempt);
      const reason = status === 'uncertain' ? unknownOutcomeReason(error) : messageOf(error);
      await this.settle(runner, row.id, status, reason);
      if (status === 'pending') throw error;
      if (status === 'uncertain') {
        this.logger.warn(
          { notificationId: row.id, jobId: job.id },
          `e-mail outcome unknown (${messageOf(error)}): marked uncertain, not sent again`,
        );
      }
      throw new UnrecoverableError(reason);
    }

    await runner.query(
      `UPDATE notifications SET status = 'sent', message_id = $2, sent_at = now(), error = NULL
        WHERE id = $1 AND status = 'sending'`,
      [row.id, messageId.slice(0, 300)],
    );
    return { sent: true, status: 'sent' };
  }

  private async settle(
    runner: QueryRunner,
    id: string,
    status: Exclude<NotificationStatus, 'sending' | 'sent'>,
    reason: string,
  ): Promise<void> {
    await runner.query(
      `UPDATE notifications SET status = $2, error = $3 WHERE id = $1 AND status = 'sending'`,
      [id, status, reason.slice(0, 2000)],
    );
  }
}
