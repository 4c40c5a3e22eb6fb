import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  MAIL_ATTEMPTS,
  MAIL_BACKOFF,
  MAIL_JOB,
  type MailJob,
  mailJobId,
} from '../src/notifications/mail.jobs';
import {
  DELIVERY_LOCK_NAMESPACE,
  type MailJobResult,
} from '../src/notifications/notifications.processor';
import type { TemplateVars } from '../src/notifications/templates';
import { QUEUES } from '../src/queues/queues';
import type { User } from '../src/users/user.entity';
import { createTestApp, drainQueues, eventually, sleep, TestContext } from './support/app';
import { createUser } from './support/factories';

/** How the server answers the end of a message's DATA for one recipient. */
type Answer = 'accept' | 'defer' | 'refuse' | 'hang-up';

/**
 * A real SMTP server on a loopback port whose answer to each message is scripted per recipient.
 * It counts every message body it received (`bodies`) apart from the ones it accepted
 * (`accepted`): a retry after an accepted message shows up as a second body.
 */
class ScriptedInbox {
  readonly accepted = new Map<string, number>();
  readonly bodies = new Map<string, number>();
  /** Answers still to give, in order, per recipient; then `accept`. */
  readonly script = new Map<string, Answer[]>();
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase())[0];
        stream.on('data', () => undefined);
        stream.on('end', () => {
          this.bodies.set(to, (this.bodies.get(to) ?? 0) + 1);
          const answer = this.script.get(to)?.shift() ?? 'accept';
          if (answer === 'accept') {
            this.accepted.set(to, (this.accepted.get(to) ?? 0) + 1);
            return callback();
          }
          if (answer === 'hang-up') {
            // The body is in; the reply never leaves: the sender cannot tell what happened.
            return this.socketOf(session.id)?.destroy();
          }
          const error = new Error(
            answer === 'defer' ? 'try again later' : 'message refused',
          ) as Error & { responseCode: number };
          error.responseCode = answer === 'defer' ? 451 : 554;
          callback(error);
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** smtp-server keeps its connections (each with its session and socket) in a Set. */
  private socketOf(sessionId: string): Socket | undefined {
    const connections = (
      this.server as unknown as { connections: Set<{ session?: { id: string }; _socket: Socket }> }
    ).connections;
    return [...connections].find((c) => c.session?.id === sessionId)?._socket;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const VARS: TemplateVars['report.due'] = {
  recipientName: 'Test city_user',
  timezone: 'America/Los_Angeles',
  applicationTitle: { en: 'Youth robotics exchange', ja: '青少年ロボット交流' },
  roundCode: 'R-2027-SPRING',
  kind: 'interim',
  dueOn: '2027-09-30',
};

interface Row {
  id: string;
  status: string;
  attempts: number;
  message_id: string | null;
  error: string | null;
  sent_at: Date | null;
}

describe('notifications: each e-mail at most once (issue 18)', () => {
  const inbox = new ScriptedInbox();
  let ctx: TestContext;

  beforeAll(async () => {
    await inbox.start();
    ctx = await createTestApp({
      worker: true,
      env: { SMTP_URL: `smtp://127.0.0.1:${inbox.port}` },
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await inbox.stop();
  });

  const mails = () => ctx.queue(QUEUES.notifications) as Queue<MailJob>;

  /** A notification row as NotificationsService writes it, `status` as given. */
  const notification = async (
    user: Pick<User, 'id' | 'email'>,
    fields: { status?: string; error?: string } = {},
  ): Promise<string> => {
    const [{ id }] = (await ctx.db.query(
      `INSERT INTO notifications (event_id, recipient_id, email, template, locale, status, error)
       VALUES (gen_random_uuid(), $1, $2, 'report.due', 'en', $3, $4) RETURNING id`,
      [user.id, user.email, fields.status ?? 'pending', fields.error ?? null],
    )) as { id: string }[];
    return id;
  };

  /** Its mail job, with the options NotificationsService gives it. */
  const enqueue = (notificationId: string): Promise<Job<MailJob>> =>
    mails().add(
      MAIL_JOB,
      { notificationId, vars: VARS },
      { jobId: mailJobId(notificationId), attempts: MAIL_ATTEMPTS, backoff: MAIL_BACKOFF },
    );

  const rowOf = async (id: string): Promise<Row> =>
    (
      (await ctx.db.query(
        `SELECT id, status, attempts, message_id, error, sent_at FROM notifications WHERE id = $1`,
        [id],
      )) as Row[]
    )[0];

  const settled = (id: string, status: string, timeoutMs = 10_000) =>
    eventually(
      async () => {
        const row = await rowOf(id);
        return row.status === status && row;
      },
      timeoutMs,
      `notification ${id} ${status}`,
    );

  /** The job once it has completed or failed (read after its state, so with its result). */
  const finished = (jobId: string) =>
    eventually(async () => {
      const state = await mails().getJobState(jobId);
      if (state !== 'completed' && state !== 'failed') return false;
      return { job: (await mails().getJob(jobId))!, state };
    });

  /** A connection of its own, as another worker process has. */
  const otherWorkersConnection = async (): Promise<Client> => {
    const client = new Client({ connectionString: ctx.env.DATABASE_URL });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  const recipient = async () => {
    const user = await createUser(ctx, { role: 'city_user' });
    return { user, address: user.email.toLowerCase() };
  };

  it('sends an e-mail once and records its message id', async () => {
    const { user, address } = await recipient();
    const id = await notification(user);
    await enqueue(id);

    const row = await settled(id, 'sent');
    expect(row).toMatchObject({ attempts: 1, error: null });
    expect(row.message_id).toEqual(expect.any(String));
    expect(row.sent_at).toBeInstanceOf(Date);
    const { job, state } = await finished(mailJobId(id));
    expect(state).toBe('completed');
    expect(job.returnvalue as MailJobResult).toEqual({ sent: true, status: 'sent' });

    // A second job for the row (a take-over copy) finds it sent and sends nothing.
    await mails().add(MAIL_JOB, job.data, { jobId: `${mailJobId(id)}-again` });
    const again = await finished(`${mailJobId(id)}-again`);
    expect(again.job.returnvalue as MailJobResult).toEqual({ sent: false, status: 'sent' });
    expect(inbox.bodies.get(address)).toBe(1);
    expect(inbox.accepted.get(address)).toBe(1);
  });

  it('does not send again when recording `sent` failed after the server accepted the e-mail', async () => {
    const { user, address } = await recipient();
    const id = await notification(user);
    // PostgreSQL refuses this row's `sent` mark, as a database failing at that instant would.
    await ctx.db.query(`
      CREATE FUNCTION refuse_sent_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'database failed while recording sent'; END $$`);
    await ctx.db.query(`
      CREATE TRIGGER refuse_sent_mark BEFORE UPDATE ON notifications FOR EACH ROW
        WHEN (NEW.status = 'sent' AND OLD.id = '${id}') EXECUTE FUNCTION refuse_sent_mark()`);
    try {
      await enqueue(id);
      // Attempt 1 sent it and failed to record it; attempt 2 (after the 1 s backoff) settles it.
      const row = await settled(id, 'uncertain');
      expect(row.error).toMatch(
        new RegExp(
          `^uncertain: the attempt sending since \\S+ \\(job ${mailJobId(id)}, attempt 1\\) ` +
            `stopped before recording whether the SMTP server accepted the message`,
        ),
      );
      expect(row.error).toMatch(/not sent again to avoid a duplicate$/);
      expect(row).toMatchObject({ attempts: 1, message_id: null, sent_at: null });
      const { job, state } = await finished(mailJobId(id));
      expect(state).toBe('completed');
      expect(job.returnvalue as MailJobResult).toEqual({ sent: false, status: 'uncertain' });
      expect((job.stacktrace ?? []).join('\n')).toMatch(/database failed while recording sent/);
    } finally {
      await ctx.db.query('DROP TRIGGER IF EXISTS refuse_sent_mark ON notifications');
      await ctx.db.query('DROP FUNCTION IF EXISTS refuse_sent_mark()');
    }

    // Once the database is well again, nothing brings it back: one e-mail, ever.
    await mails().add(MAIL_JOB, { notificationId: id, vars: VARS }, { jobId: `${id}-later` });
    await finished(`${id}-later`);
    await drainQueues(ctx);
    expect(inbox.bodies.get(address)).toBe(1);
    expect(inbox.accepted.get(address)).toBe(1);
    expect((await rowOf(id)).status).toBe('uncertain');
  });

  it('waits for a live attempt sending the row; settles a dead one’s claim as uncertain', async () => {
    const { user, address } = await recipient();
    // Another worker's attempt, alive: it holds the row's delivery lock on its connection.
    const liveId = await notification(user, {
      status: 'sending',
      error: 'sending since 2027-01-01T00:00:00.000Z (job elsewhere, attempt 1)',
    });
    const live = await otherWorkersConnection();
    try {
      await live.query('SELECT pg_advisory_lock($1, hashtext($2))', [
        DELIVERY_LOCK_NAMESPACE,
        liveId,
      ]);
      await enqueue(liveId);
      await eventually(async () => (await mails().getJob(mailJobId(liveId)))?.isActive());
      await sleep(300);
      expect(await (await mails().getJob(mailJobId(liveId)))!.getState()).toBe('active');
      expect((await rowOf(liveId)).status).toBe('sending');
      // The live attempt records its outcome and lets go: the waiting job finds it sent.
      await live.query(`UPDATE notifications SET status = 'sent', error = NULL WHERE id = $1`, [
        liveId,
      ]);
      await live.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
        DELIVERY_LOCK_NAMESPACE,
        liveId,
      ]);
    } finally {
      await live.end();
    }
    const waited = await finished(mailJobId(liveId));
    expect(waited.job.returnvalue as MailJobResult).toEqual({ sent: false, status: 'sent' });

    // A worker killed after its claim committed (before or after it talked to SMTP: from
    // outside the same): its connection ends, the lock goes with it, and the row is uncertain.
    const deadId = await notification(user, {
      status: 'sending',
      error: 'sending since 2027-01-01T00:00:00.000Z (job elsewhere, attempt 3)',
    });
    const dying = await otherWorkersConnection();
    try {
      const [{ pid }] = (
        await dying.query<{ pid: number }>(
          'SELECT pg_backend_pid() AS pid, pg_advisory_lock($1, hashtext($2))',
          [DELIVERY_LOCK_NAMESPACE, deadId],
        )
      ).rows;
      await enqueue(deadId);
      await eventually(async () => (await mails().getJob(mailJobId(deadId)))?.isActive());
      await sleep(300);
      expect((await rowOf(deadId)).status).toBe('sending');
      // As kill -9 of its process would: the server ends the session.
      await ctx.db.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await dying.end().catch(() => undefined);
    }
    const row = await settled(deadId, 'uncertain');
    expect(row.error).toMatch(/\(job elsewhere, attempt 3\).*not sent again to avoid a duplicate/);
    expect((await finished(mailJobId(deadId))).job.returnvalue as MailJobResult).toEqual({
      sent: false,
      status: 'uncertain',
    });
    await drainQueues(ctx);
    expect(inbox.bodies.get(address)).toBeUndefined();
  });

  it('retries an e-mail the server deferred (4xx) and delivers it once', async () => {
    const { user, address } = await recipient();
    inbox.script.set(address, ['defer']);
    const id = await notification(user);
    await enqueue(id);

    const deferred = await eventually(async () => {
      const row = await rowOf(id);
      return row.attempts === 1 && row.status !== 'sending' && row;
    });
    expect(deferred).toMatchObject({ status: 'pending', message_id: null });
    expect(deferred.error).toMatch(/451/);

    const row = await settled(id, 'sent');
    expect(row).toMatchObject({ attempts: 2, error: null });
    await drainQueues(ctx);
    expect(inbox.bodies.get(address)).toBe(2);
    expect(inbox.accepted.get(address)).toBe(1);
  });

  it('fails an e-mail the server refused for good (5xx) without sending it again', async () => {
    const { user, address } = await recipient();
    inbox.script.set(address, ['refuse']);
    const id = await notification(user);
    await enqueue(id);

    const row = await settled(id, 'failed');
    expect(row).toMatchObject({ attempts: 1, message_id: null, sent_at: null });
    expect(row.error).toMatch(/554/);
    const { job, state } = await finished(mailJobId(id));
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    // Longer than the first backoff: no retry came.
    await sleep(MAIL_BACKOFF.delay + 500);
    expect(inbox.bodies.get(address)).toBe(1);
    expect(inbox.accepted.get(address)).toBeUndefined();
  });

  it('marks uncertain, and never retries, an e-mail whose session broke off before the reply', async () => {
    const { user, address } = await recipient();
    inbox.script.set(address, ['hang-up']);
    const id = await notification(user);
    await enqueue(id);

    const row = await settled(id, 'uncertain');
    expect(row.error).toMatch(/^uncertain: the SMTP exchange broke off before the server's reply/);
    expect(row.attempts).toBe(1);
    const { state } = await finished(mailJobId(id));
    expect(state).toBe('failed');
    await sleep(MAIL_BACKOFF.delay + 500);
    expect(inbox.bodies.get(address)).toBe(1);
  });
});
