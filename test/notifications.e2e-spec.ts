import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { ChangeLog } from '../src/audit/change-log.service';
import { AwardLine } from '../src/awards/award-line.entity';
import { Award } from '../src/awards/award.entity';
import { MAIL_JOB, mailJobId } from '../src/notifications/mail.jobs';
import { NotificationsService } from '../src/notifications/notifications.service';
import type { DomainEvent } from '../src/outbox/domain-events';
import type { City } from '../src/partnerships/city.entity';
import type { Partnership } from '../src/partnerships/partnership.entity';
import { QUEUES } from '../src/queues/queues';
import type { Round } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, drainQueues, eventually, sleep, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
} from './support/factories';

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`); adjacent ones join without space. */
function decodeWords(value: string): string {
  const bytes: Buffer[] = [];
  let out = '';
  const flush = () => {
    out += Buffer.concat(bytes.splice(0)).toString('utf8');
  };
  const re = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=|(\s+)|([^=\s]+|=)/g;
  let pendingSpace = '';
  for (const m of value.matchAll(re)) {
    if (m[1]) {
      pendingSpace = '';
      bytes.push(
        m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : qpBytes(m[3].replace(/_/g, ' ')),
      );
    } else if (m[4]) {
      pendingSpace = m[4];
    } else {
      flush();
      out += pendingSpace + m[5];
      pendingSpace = '';
    }
  }
  flush();
  return out;
}

function qpBytes(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(value[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** Just enough of RFC 5322 / MIME for nodemailer's single-part text messages. */
function parseMail(raw: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qpBytes(body.replace(/=\r\n/g, '')).toString('utf8')
        : body;
  return {
    to: header('To')
      .split(',')
      .map((a) => (a.match(/<([^>]+)>/)?.[1] ?? a).trim().toLowerCase()),
    subject: decodeWords(header('Subject')),
    text: text.replace(/\r\n/g, '\n'),
  };
}

/** A real SMTP server on a free loopback port that keeps what it receives. */
class TestInbox {
  readonly mails: ReceivedMail[] = [];
  /** Recipients the server refuses for good (550). */
  readonly refused = new Set<string>();
  port = 0;
  private server?: SMTPServer;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.refused.has(address.address.toLowerCase())) {
          const error = new Error('mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.mails.push(parseMail(Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(user: Pick<User, 'email'>, subject?: RegExp): ReceivedMail[] {
    return this.mails.filter(
      (m) => m.to.includes(user.email.toLowerCase()) && (!subject || subject.test(m.subject)),
    );
  }
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('notifications: e-mail over SMTP (SPEC §5.11)', () => {
  const inbox = new TestInbox();
  let ctx: TestContext;
  let yokohama: City;
  let sanDiego: City;
  let partnership: Partnership;
  let round: Round;
  /** Yokohama's city user, who reads Japanese. */
  let yk: { user: User; auth: string };
  /** San Diego's city user, who reads English. */
  let sd: { user: User; auth: string };
  let sdInactive: User;
  let outsider: User;
  let applicationId: string;

  beforeAll(async () => {
    await inbox.start();
    ctx = await createTestApp({
      worker: true,
      env: { SMTP_URL: `smtp://127.0.0.1:${inbox.port}` },
    });
    yokohama = await createCity(ctx, {
      country: 'JP',
      nameEn: 'Yokohama',
      nameJa: '横浜市',
      region: 'JP-14',
      timezone: 'Asia/Tokyo',
    });
    sanDiego = await createCity(ctx, {
      country: 'US',
      nameEn: 'San Diego',
      region: 'US-CA',
      timezone: 'America/Los_Angeles',
    });
    partnership = await createPartnership(ctx, yokohama, sanDiego);
    round = await createRound(ctx, { code: 'R-2027-SPRING' });
    yk = await bearer(ctx, { role: 'city_user', cityId: yokohama.id, locale: 'ja' });
    sd = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id, locale: 'en' });
    sdInactive = await createUser(ctx, { role: 'city_user', cityId: sanDiego.id, active: false });
    const osaka = await createCity(ctx, { country: 'JP', nameEn: 'Osaka', region: 'JP-27' });
    outsider = await createUser(ctx, { role: 'city_user', cityId: osaka.id, locale: 'ja' });
  });
  afterAll(async () => {
    await ctx?.close();
    await inbox.stop();
  });

  const notificationsOf = (user: Pick<User, 'id'>, template?: string) =>
    ctx.db.query(
      `SELECT id, event_id, email, template, locale, status, attempts, message_id, error, sent_at
         FROM notifications WHERE recipient_id = $1 AND ($2::varchar IS NULL OR template = $2)
        ORDER BY created_at`,
      [user.id, template ?? null],
    ) as Promise<
      {
        id: string;
        event_id: string;
        template: string;
        locale: string;
        status: string;
        attempts: number;
        message_id: string | null;
        error: string | null;
        sent_at: Date | null;
      }[]
    >;

  /** The row is marked `sent` in the step after the server's reply, so a moment after the mail. */
  const sentNotification = (user: Pick<User, 'id'>, template: string) =>
    eventually(async () => {
      const rows = await notificationsOf(user, template);
      return rows.length === 1 && rows[0].status === 'sent' && rows[0];
    });

  const waitForMail = (user: Pick<User, 'email'>, subject: RegExp, count = 1) =>
    eventually(
      async () => inbox.to(user, subject).length >= count && inbox.to(user, subject),
      10_000,
      `${count} mail(s) to ${user.email} matching ${subject}`,
    );

  /** A domain event as a service would record it: audit row and outbox row in one transaction. */
  const publish = (type: string, entityId: string, payload: Record<string, unknown>) =>
    ctx.db.transaction((manager) =>
      ctx.api.get(ChangeLog).record(manager, {
        actor: null,
        action: type,
        entity: { type: type.split('.')[0], id: entityId },
        event: { type, payload },
      }),
    );

  const outboxEvent = async (type: string, key: string, value: string): Promise<DomainEvent> => {
    const [row] = (await ctx.db.query(
      `SELECT id, event_type, payload, created_at FROM outbox
        WHERE event_type = $1 AND payload->>$2 = $3`,
      [type, key, value],
    )) as { id: string; event_type: string; payload: Record<string, unknown>; created_at: Date }[];
    return {
      id: row.id,
      type: row.event_type,
      payload: row.payload,
      createdAt: row.created_at.toISOString(),
    };
  };

  it('e-mails San Diego, in English, to co-sign once Yokohama has signed', async () => {
    const created = await request(ctx.http)
      .post('/api/v1/applications')
      .set('Authorization', yk.auth)
      .send({
        roundId: round.id,
        partnershipId: partnership.id,
        title: { en: 'Youth robotics exchange', ja: '青少年ロボット交流' },
        summary: { en: 'Two teams build robots.', ja: '二つのチームがロボットを作る。' },
        startsOn: '2027-04-01',
        endsOn: '2028-03-31',
        budgetLines: [
          {
            side: 'JP',
            category: 'travel',
            description: 'Flights',
            amountMinor: 600_000,
            currency: 'JPY',
          },
          {
            side: 'US',
            category: 'travel',
            description: 'Flights',
            amountMinor: 450_000,
            currency: 'USD',
          },
        ],
      })
      .expect(201);
    applicationId = created.body.id;
    await request(ctx.http)
      .post(`/api/v1/applications/${applicationId}/sign`)
      .set('Authorization', yk.auth)
      .send({ contentHash: created.body.contentHash })
      .expect(200);

    const [mail] = await waitForMail(sd.user, /co-sign/);
    expect(mail.subject).toBe('Please co-sign the joint application “Youth robotics exchange”');
    expect(mail.text).toContain('Yokohama has signed the joint application');
    expect(mail.text).toContain('(round R-2027-SPRING)');
    expect(mail.text).toContain('(America/Los_Angeles)');
    expect(mail.text).not.toMatch(JAPANESE);
    const row = await sentNotification(sd.user, 'application.cosign_requested');
    expect(row).toMatchObject({ locale: 'en', attempts: 1, error: null });
    expect(row.message_id).toEqual(expect.any(String));
    expect(row.sent_at).toBeInstanceOf(Date);

    // The city that signed is not asked to sign.
    await drainQueues(ctx);
    expect(await notificationsOf(yk.user)).toEqual([]);
    expect(inbox.to(yk.user)).toEqual([]);
  });

  it('e-mails both cities when it is submitted, the Yokohama user in Japanese', async () => {
    const app = await request(ctx.http)
      .get(`/api/v1/applications/${applicationId}`)
      .set('Authorization', sd.auth)
      .expect(200);
    await request(ctx.http)
      .post(`/api/v1/applications/${applicationId}/sign`)
      .set('Authorization', sd.auth)
      .send({ contentHash: app.body.contentHash })
      .expect(200);

    const [ja] = await waitForMail(yk.user, /申請が提出されました/);
    expect(ja.subject).toBe('申請が提出されました：「青少年ロボット交流」');
    expect(ja.text).toContain('Test city_user 様');
    expect(ja.text).toContain('両市の署名がそろい');
    expect(ja.text).toContain('- 日本側: JPY 600,000');
    expect(ja.text).toContain('- 米国側: USD 4,500.00');
    expect(ja.text).toContain('(Asia/Tokyo)');
    const [en] = await waitForMail(sd.user, /^Application submitted/);
    expect(en.subject).toBe('Application submitted: “Youth robotics exchange”');
    expect(en.text).toContain('- U.S. side: USD 4,500.00');
    expect(en.text).not.toMatch(JAPANESE);
    expect(await sentNotification(yk.user, 'application.submitted')).toMatchObject({
      locale: 'ja',
    });
  });

  it('e-mails both cities the decision, with the award, in each one’s language', async () => {
    const award = await ctx.db.getRepository(Award).save(
      ctx.db.getRepository(Award).create({
        applicationId,
        roundId: round.id,
        partnershipId: partnership.id,
        jpCityId: yokohama.id,
        usCityId: sanDiego.id,
        decidedBy: sd.user.id,
      }),
    );
    await ctx.db.getRepository(AwardLine).insert([
      { awardId: award.id, side: 'JP', currency: 'JPY', amountMinor: 600_000 },
      { awardId: award.id, side: 'US', currency: 'USD', amountMinor: 400_000 },
    ]);
    await publish('application.decided', applicationId, {
      applicationId,
      roundId: round.id,
      outcome: 'approved',
      decidedAt: new Date().toISOString(),
    });

    const [ja] = await waitForMail(yk.user, /審査結果/);
    expect(ja.subject).toBe('審査結果のお知らせ（採択）：「青少年ロボット交流」');
    expect(ja.text).toContain('助成額：\n- 日本側: JPY 600,000\n- 米国側: USD 4,000.00');
    const [en] = await waitForMail(sd.user, /^Decision/);
    expect(en.subject).toBe('Decision on “Youth robotics exchange”: approved');
  });

  it('sends one e-mail per recipient however often the event is handled or relayed', async () => {
    const event = await outboxEvent('application.decided', 'applicationId', applicationId);
    const notifications = ctx.worker!.get(NotificationsService);
    // The handler run again, twice at once and once more after.
    await Promise.all([
      notifications.notify('application.decided', event),
      notifications.notify('application.decided', event),
    ]);
    await notifications.notify('application.decided', event);
    // The relay adding the same outbox job again (deduplicated by its id) and a second job for
    // the same event (as after a lost job record): both handled, neither mails again.
    const events = ctx.queue(QUEUES.events);
    await events.add(event.type, event, { jobId: event.id });
    await events.add(event.type, event, { jobId: `${event.id}-again` });
    await eventually(async () => (await events.getJob(`${event.id}-again`))?.isCompleted());
    await drainQueues(ctx);
    await sleep(300);

    // A second mail job for a row already sent (as a stalled job taken over by another worker).
    const sent = await sentNotification(sd.user, 'application.decided');
    const mails = ctx.queue(QUEUES.notifications);
    const job = await mails.getJob(mailJobId(sent.id));
    await mails.add(MAIL_JOB, job!.data, { jobId: `${mailJobId(sent.id)}-again` });
    await eventually(async () =>
      (await mails.getJob(`${mailJobId(sent.id)}-again`))?.isCompleted(),
    );

    for (const user of [yk.user, sd.user]) {
      expect(inbox.to(user, /審査結果|^Decision/)).toHaveLength(1);
      const rows = await notificationsOf(user, 'application.decided');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ event_id: event.id, status: 'sent', attempts: 1 });
    }
  });

  it('drops an event that lacks what its e-mail needs instead of failing it', async () => {
    const event = { id: randomUUID(), type: 'application.decided', payload: {}, createdAt: '' };
    await expect(
      ctx.worker!.get(NotificationsService).notify('application.decided', event),
    ).resolves.toBeUndefined();
    expect(
      await ctx.db.query('SELECT id FROM notifications WHERE event_id = $1', [event.id]),
    ).toEqual([]);
  });

  it('never mails an inactive user or a user of another city', async () => {
    await drainQueues(ctx);
    for (const user of [sdInactive, outsider]) {
      expect(inbox.to(user)).toEqual([]);
      expect(await notificationsOf(user)).toEqual([]);
    }
  });

  it('retries while the SMTP server is down and delivers once it is back', async () => {
    const [award] = (await ctx.db.query('SELECT id FROM awards WHERE application_id = $1', [
      applicationId,
    ])) as { id: string }[];
    const disbursementId = randomUUID();
    await inbox.stop();
    try {
      await publish('disbursement.paid', disbursementId, {
        disbursementId,
        awardId: award.id,
        tranche: 'first',
        side: 'US',
        currency: 'USD',
        amountMinor: 200_000,
        status: 'paid',
        bankReference: 'ACH-4711',
      });
      // An attempt claims the row (`sending`, attempts + 1) before it speaks to SMTP; a failed
      // one puts it back to `pending` with the error, until BullMQ's retry claims it again.
      const [failed] = await eventually(async () => {
        const rows = await notificationsOf(sd.user, 'disbursement.paid');
        return rows[0]?.attempts >= 1 && rows[0].status !== 'sending' && rows;
      });
      expect(failed).toMatchObject({ status: 'pending', message_id: null });
      expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await inbox.start();
    }

    const [mail] = await waitForMail(sd.user, /^Payment made/);
    expect(mail.subject).toBe('Payment made: USD 2,000.00 for “Youth robotics exchange”');
    expect(mail.text).toContain('Bank reference: ACH-4711');
    const sent = await sentNotification(sd.user, 'disbursement.paid');
    expect(sent.error).toBeNull();
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    // Paid on the US side: Yokohama is not told.
    expect(await notificationsOf(yk.user, 'disbursement.paid')).toEqual([]);
    await drainQueues(ctx);
    expect(inbox.to(sd.user, /^Payment made/)).toHaveLength(1);
  });

  it('reminds the city a report is owed by, in its language', async () => {
    const [award] = (await ctx.db.query('SELECT id FROM awards WHERE application_id = $1', [
      applicationId,
    ])) as { id: string }[];
    await publish('report.due', randomUUID(), {
      awardId: award.id,
      kind: 'interim',
      side: 'JP',
      dueOn: '2027-09-30',
      cityId: yokohama.id,
    });
    const [mail] = await waitForMail(yk.user, /中間報告書/);
    expect(mail.subject).toBe('中間報告書の提出期限が近づいています（2027年9月30日）');
    expect(mail.text).toContain('「青少年ロボット交流」（ラウンド R-2027-SPRING）の中間報告書');
    await drainQueues(ctx);
    expect(await notificationsOf(sd.user, 'report.due')).toEqual([]);
  });

  it('marks a notification failed at once when the server refuses the recipient for good', async () => {
    const city = await createCity(ctx, { country: 'US', nameEn: 'Refusing', region: 'US-WA' });
    const refused = await createUser(ctx, { role: 'city_user', cityId: city.id });
    inbox.refused.add(refused.email.toLowerCase());
    const other = await createPartnership(ctx, undefined, city);
    const application = await createApplication(ctx, round, other);
    await publish('application.submitted', application.id, {
      applicationId: application.id,
      roundId: round.id,
      partnershipId: other.id,
      submittedAt: new Date().toISOString(),
      requested: [],
    });

    const [row] = await eventually(async () => {
      const rows = await notificationsOf(refused, 'application.submitted');
      return rows[0]?.status === 'failed' && rows;
    });
    expect(row).toMatchObject({ attempts: 1, message_id: null, sent_at: null });
    expect(row.error).toMatch(/550|mailbox unavailable/);
    expect(inbox.to(refused)).toEqual([]);
  });
});
