import * as iconv from 'iconv-lite';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { FieldEncryption } from '../src/common/crypto/field-encryption';
import { routingCheckDigit } from '../src/payment-runs/nacha';
import { PaymentRunExecution } from '../src/payment-runs/payment-run-execution';
import { PAYMENT_RUN_JOB, paymentRunJobId } from '../src/payment-runs/payment-run.jobs';
import { QUEUES } from '../src/queues/queues';
import { createTestApp, eventually, TestContext } from './support/app';
import { bearer } from './support/factories';
import { seedApprovedDisbursements } from './payment-runs.seed';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const at = (line: string, from: number, to: number) => line.slice(from - 1, to);

describe('payment runs (SPEC §5.7, §8)', () => {
  let ctx: TestContext;
  let officer: string;
  let officerId: string;
  let encryption: FieldEncryption;

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    const b = await bearer(ctx, { role: 'finance_officer' });
    officer = b.auth;
    officerId = b.user.id;
    encryption = ctx.api.get(FieldEncryption);
  });
  afterAll(() => ctx.close());

  const getRun = (id: string) =>
    request(ctx.http).get(`/api/v1/payment-runs/${id}`).set('Authorization', officer);

  async function completed(id: string, timeoutMs = 20_000) {
    return eventually(
      async () => {
        const res = await getRun(id);
        return res.body.status === 'completed' || res.body.status === 'failed' ? res.body : null;
      },
      timeoutMs,
      `run ${id} to finish`,
    );
  }

  it('ACH: 202, completes, and the NACHA file parses back field by field', async () => {
    const { ids, accounts } = await seedApprovedDisbursements(ctx.db, encryption, {
      rail: 'ach',
      count: 13,
      userId: officerId,
    });
    const executionDate = day(2);
    const res = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', officer)
      .send({ rail: 'ach', executionDate })
      .expect(202);
    expect(res.body).toMatchObject({
      rail: 'ach',
      status: 'queued',
      currency: 'USD',
      executionDate,
    });

    const run = await completed(res.body.id);
    expect(run).toMatchObject({ status: 'completed', entryCount: 13 });
    const file = await request(ctx.http)
      .get(`/api/v1/payment-runs/${run.id}/file`)
      .set('Authorization', officer)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = file.body as Buffer;
    expect(file.headers['content-type']).toBe('text/plain; charset=us-ascii');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="nacha-.*\.txt"$/);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(run.fileSha256).toBe(sha);
    expect(file.headers.etag).toBe(`"${sha}"`);

    const text = bytes.toString('ascii');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.every((l) => l.length === 94)).toBe(true);
    expect(lines.length % 10).toBe(0);
    const env = ctx.env;
    const [header, batch] = lines;
    expect(at(header, 1, 3)).toBe('101');
    expect(at(header, 4, 13)).toBe(' ' + env.NACHA_IMMEDIATE_DESTINATION);
    expect(at(header, 14, 23)).toBe(env.NACHA_COMPANY_ID);
    expect(at(header, 34, 40)).toBe('A094101');
    expect(at(header, 41, 63).trim()).toBe(env.NACHA_IMMEDIATE_DESTINATION_NAME);
    expect(at(header, 64, 86).trim()).toBe(env.NACHA_ORIGIN_NAME);
    expect(at(batch, 1, 4)).toBe('5220');
    expect(at(batch, 5, 20).trim()).toBe(env.NACHA_COMPANY_NAME);
    expect(at(batch, 41, 53)).toBe(env.NACHA_COMPANY_ID + 'CCD');
    expect(at(batch, 54, 63).trim()).toBe(env.NACHA_ENTRY_DESCRIPTION);
    expect(at(batch, 70, 75)).toBe(executionDate.slice(2).replace(/-/g, ''));
    expect(at(batch, 80, 87)).toBe(env.NACHA_ODFI_ROUTING.slice(0, 8));

    const entries = lines.filter((l) => l[0] === '6');
    expect(entries).toHaveLength(13);
    const numbers = new Set(accounts.map((a) => a.accountNumber));
    entries.forEach((e, i) => {
      expect(['22', '32']).toContain(at(e, 2, 3));
      expect(routingCheckDigit(at(e, 4, 11))).toBe(Number(at(e, 12, 12)));
      expect(numbers.has(at(e, 13, 29).trim())).toBe(true);
      expect(at(e, 80, 94)).toBe(
        env.NACHA_ODFI_ROUTING.slice(0, 8) + String(i + 1).padStart(7, '0'),
      );
    });
    const hash = entries.reduce((s, e) => s + Number(at(e, 4, 11)), 0) % 1e10;
    const credit = entries.reduce((s, e) => s + Number(at(e, 30, 39)), 0);
    const control = lines[2 + entries.length];
    const fileControl = lines[3 + entries.length];
    expect(at(control, 1, 10)).toBe('8220' + '000013');
    expect(Number(at(control, 11, 20))).toBe(hash);
    expect(Number(at(control, 21, 32))).toBe(0);
    expect(Number(at(control, 33, 44))).toBe(credit);
    expect(Number(at(fileControl, 2, 7))).toBe(1);
    expect(Number(at(fileControl, 8, 13))).toBe(lines.length / 10);
    expect(Number(at(fileControl, 14, 21))).toBe(13);
    expect(Number(at(fileControl, 22, 31))).toBe(hash);
    expect(Number(at(fileControl, 44, 55))).toBe(credit);
    expect(lines.slice(4 + entries.length).every((l) => l === '9'.repeat(94))).toBe(true);

    const [sums] = await ctx.db.query(
      `SELECT count(*)::int AS n, sum(amount_minor)::bigint AS total,
              count(*) FILTER (WHERE status = 'sent' AND payment_run_id = $1 AND sent_at IS NOT NULL)::int AS sent
         FROM disbursements WHERE id = ANY($2)`,
      [run.id, ids],
    );
    expect(sums).toEqual({ n: 13, total: credit, sent: 13 });
    expect(run.totalMinor).toBe(credit);
    // The run's disbursements, as its page lists them: exactly the 13, all sent by this run.
    const listed = await request(ctx.http)
      .get('/api/v1/disbursements')
      .query({ paymentRunId: run.id, limit: 200 })
      .set('Authorization', officer)
      .expect(200);
    expect(listed.body.data.map((d: { id: string }) => d.id).sort()).toEqual([...ids].sort());
    expect(
      listed.body.data.every(
        (d: { paymentRunId: string; status: string }) =>
          d.paymentRunId === run.id && d.status === 'sent',
      ),
    ).toBe(true);
    const events = await ctx.db.query(
      `SELECT event_type, payload FROM outbox
        WHERE event_type IN ('disbursement.sent', 'payment_run.completed')`,
    );
    const sent = events.filter((e: { event_type: string }) => e.event_type === 'disbursement.sent');
    expect(
      sent.map((e: { payload: { disbursementId: string } }) => e.payload.disbursementId).sort(),
    ).toEqual([...ids].sort());
    expect(JSON.stringify(sent)).not.toMatch(/000123456789|98765432|AB12345/);
    expect(sent[0].payload.account).toMatch(/^•••• \w{4}$/);
    expect(
      events.find((e: { event_type: string }) => e.event_type === 'payment_run.completed').payload,
    ).toMatchObject({
      runId: run.id,
      entryCount: 13,
      totalMinor: credit,
      fileSha256: sha,
    });
  });

  it('Zengin: Shift_JIS, every record 120 bytes + CRLF, trailer count and total', async () => {
    await seedApprovedDisbursements(ctx.db, encryption, {
      rail: 'zengin',
      count: 4,
      userId: officerId,
    });
    const res = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', officer)
      .send({ rail: 'zengin', executionDate: day(0) })
      .expect(202);
    const run = await completed(res.body.id);
    expect(run).toMatchObject({ status: 'completed', entryCount: 4, currency: 'JPY' });
    const file = await request(ctx.http)
      .get(`/api/v1/payment-runs/${run.id}/file`)
      .set('Authorization', officer)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toBe('text/plain; charset=Shift_JIS');
    const bytes = file.body as Buffer;
    const records: string[] = [];
    for (let start = 0; start < bytes.length; start += 122) {
      expect(bytes.subarray(start + 120, start + 122).toString('ascii')).toBe('\r\n');
      records.push(iconv.decode(bytes.subarray(start, start + 120), 'Shift_JIS'));
    }
    expect(records.map((r) => r[0]).join('')).toBe('122228' + '9');
    const [header, ...rest] = records;
    expect(at(header, 1, 14)).toBe('1210' + ctx.env.ZENGIN_SENDER_CODE);
    expect(at(header, 55, 58)).toBe(day(0).slice(5).replace('-', ''));
    expect(at(header, 59, 62)).toBe(ctx.env.ZENGIN_BANK_CODE);
    const data = rest.filter((r) => r[0] === '2');
    for (const d of data) {
      expect(at(d, 2, 20)).toBe('0001' + 'ﾐｽﾞﾎ'.padEnd(15));
      expect(['1', '4']).toContain(at(d, 43, 43));
      expect(['1234567', '7654321']).toContain(at(d, 44, 50));
      expect(at(d, 112, 112)).toBe('7');
    }
    const trailer = rest.find((r) => r[0] === '8')!;
    const total = data.reduce((s, d) => s + Number(at(d, 81, 90)), 0);
    expect(Number(at(trailer, 2, 7))).toBe(4);
    expect(Number(at(trailer, 8, 19))).toBe(total);
    expect(run.totalMinor).toBe(total);
  });

  it('exactly once: a double POST, a duplicate job and two executions of one run', async () => {
    const { ids } = await seedApprovedDisbursements(ctx.db, encryption, {
      rail: 'ach',
      count: 30,
      userId: officerId,
    });
    await ctx.queue(QUEUES.paymentRuns).pause();
    const posts = await Promise.all(
      [1, 2].map(() =>
        request(ctx.http)
          .post('/api/v1/payment-runs')
          .set('Authorization', officer)
          .send({ rail: 'ach', executionDate: day(1) }),
      ),
    );
    expect(posts.map((p) => p.status).sort()).toEqual([202, 409]);
    const runId = posts.find((p) => p.status === 202)!.body.id as string;
    expect(posts.find((p) => p.status === 409)!.body.code).toBe('invalid_state');
    const queuedJa = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', officer)
      .set('Accept-Language', 'ja')
      .send({ rail: 'ach', executionDate: day(1) })
      .expect(409);
    expect(queuedJa.body.detail).toBe(
      `この振込方式の振込処理（${runId}）が待機中です。終了してから依頼してください`,
    );

    // A file is there only once the run completed.
    const early = await request(ctx.http)
      .get(`/api/v1/payment-runs/${runId}/file`)
      .set('Authorization', officer)
      .expect(409);
    expect(early.body.code).toBe('invalid_state');

    const queue = ctx.queue(QUEUES.paymentRuns);
    await queue.add(PAYMENT_RUN_JOB, { runId }, { jobId: paymentRunJobId(runId) });
    await queue.add(PAYMENT_RUN_JOB, { runId }, { jobId: paymentRunJobId(runId) });
    // A second run of the same rail racing it (as another worker would), and the same run twice.
    const [rival] = await ctx.db.query(
      `INSERT INTO payment_runs (rail, currency, execution_date, requested_by)
       VALUES ('ach', 'USD', $1, $2) RETURNING id`,
      [day(1), officerId],
    );
    const execution = ctx.worker!.get(PaymentRunExecution);
    const outcomes = await Promise.all([
      execution.execute(runId),
      execution.execute(runId),
      execution.execute(rival.id),
    ]);
    expect(outcomes.filter((o) => o === 'completed').length).toBeGreaterThanOrEqual(2);
    await queue.resume();
    await completed(runId);
    expect(await queue.getJobCounts('completed', 'waiting', 'active')).toMatchObject({
      waiting: 0,
    });

    const rows = await ctx.db.query(
      `SELECT payment_run_id, count(*)::int AS n FROM disbursements WHERE id = ANY($1) GROUP BY 1`,
      [ids],
    );
    const runs = await ctx.db.query(
      `SELECT id, entry_count, file FROM payment_runs WHERE id = ANY($1)`,
      [[runId, rival.id]],
    );
    // Every disbursement once, in the file of the run it names, and in no other file.
    expect(rows.reduce((s: number, r: { n: number }) => s + r.n, 0)).toBe(30);
    expect(rows.every((r: { payment_run_id: string | null }) => r.payment_run_id !== null)).toBe(
      true,
    );
    expect(runs.reduce((s: number, r: { entry_count: number }) => s + r.entry_count, 0)).toBe(30);
    for (const r of runs as { id: string; entry_count: number; file: Buffer | null }[]) {
      const fileEntries = r.file
        ? r.file
            .toString('ascii')
            .split('\n')
            .filter((l) => l[0] === '6')
        : [];
      expect(fileEntries).toHaveLength(r.entry_count);
    }
    const [{ n: sentEvents }] = await ctx.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'disbursement.sent'
          AND payload->>'disbursementId' = ANY($1)`,
      [ids],
    );
    expect(sentEvents).toBe(30);
  });

  it('a run with nothing approved completes empty and has no file (404)', async () => {
    const res = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', officer)
      .send({ rail: 'zengin', executionDate: day(3) })
      .expect(202);
    const run = await completed(res.body.id);
    expect(run).toMatchObject({
      status: 'completed',
      entryCount: 0,
      totalMinor: 0,
      fileSha256: null,
    });
    const file = await request(ctx.http)
      .get(`/api/v1/payment-runs/${run.id}/file`)
      .set('Authorization', officer)
      .expect(404);
    expect(file.body.code).toBe('not_found');
    const list = await request(ctx.http)
      .get('/api/v1/payment-runs?rail=zengin&status=completed')
      .set('Authorization', officer)
      .expect(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(run.id);
    expect(list.body.data.every((r: { rail: string }) => r.rail === 'zengin')).toBe(true);
  });

  it('refuses the wrong roles, anonymous callers, bad bodies and unknown runs', async () => {
    const approver = (await bearer(ctx, { role: 'finance_approver' })).auth;
    const city = (await bearer(ctx, { role: 'city_user' })).auth;
    const body = { rail: 'ach', executionDate: day(1) };
    const before = await ctx.db.query('SELECT count(*)::int AS n FROM payment_runs');
    await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', approver)
      .send(body)
      .expect(403);
    await request(ctx.http).get('/api/v1/payment-runs').set('Authorization', city).expect(403);
    await request(ctx.http).post('/api/v1/payment-runs').send(body).expect(401);
    await request(ctx.http).get(`/api/v1/payment-runs/${randomUUID()}/file`).expect(401);
    for (const bad of [
      {},
      { rail: 'swift', executionDate: day(1) },
      { rail: 'ach', executionDate: '2031-02-30' },
      { rail: 'ach', executionDate: day(-1) },
      { rail: 'ach', executionDate: day(61) },
      { ...body, extra: 1 },
    ]) {
      const res = await request(ctx.http)
        .post('/api/v1/payment-runs')
        .set('Authorization', officer)
        .send(bad)
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await ctx.db.query('SELECT count(*)::int AS n FROM payment_runs')).toEqual(before);
    await request(ctx.http)
      .get(`/api/v1/payment-runs/${randomUUID()}`)
      .set('Authorization', approver)
      .expect(404);
    await request(ctx.http)
      .get('/api/v1/payment-runs/not-a-uuid')
      .set('Authorization', approver)
      .expect(400);
    await request(ctx.http)
      .get('/api/v1/payment-runs?status=done')
      .set('Authorization', approver)
      .expect(400);
  });
});
