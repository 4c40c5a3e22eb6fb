import { parse } from 'csv-parse/sync';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import type { Application, BudgetLine } from '../src/applications/application.entity';
import { MonthlyLedger } from '../src/exports/monthly-ledger';
import { EXPORT_JOB, exportJobId } from '../src/exports/exports.processor';
import { QUEUES } from '../src/queues/queues';
import type { Round } from '../src/rounds/round.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, eventually, TestContext } from './support/app';
import {
  bearer,
  createApplication,
  createCity,
  createPartnership,
  createRound,
  createUser,
} from './support/factories';
import { binary } from './support/http';

type Row = Record<string, string>;
type Format = 'csv' | 'xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SECRET_CIPHERTEXT = 'v1:ciphertext-that-must-never-leave-the-database-987654321';

const usd = (amountMinor: number, side: 'US' | 'JP' = 'US'): BudgetLine => ({
  side,
  category: 'travel',
  description: 'Flights',
  amountMinor,
  currency: 'USD',
});
const jpy = (amountMinor: number, side: 'US' | 'JP' = 'JP'): BudgetLine => ({
  side,
  category: 'venue',
  description: 'Hall',
  amountMinor,
  currency: 'JPY',
});

/** Every data row of the file as `{header: text}`, whichever the format. */
async function recordsOf(format: Format, body: Buffer): Promise<Row[]> {
  if (format === 'csv') {
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    return parse(body, { columns: true, bom: true }) as Row[];
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = row.values as unknown[];
    rows.push(
      Object.fromEntries(
        headers.map((h, i) => [h, values[i + 1] === undefined ? '' : String(values[i + 1])]),
      ),
    );
  });
  return rows;
}

describe('exports (SPEC §5.9)', () => {
  let ctx: TestContext;
  let storage: string;
  let officer: string;
  let round: Round;
  let reviewers: User[];
  let apps: Record<'a1' | 'a2' | 'a3' | 'a4' | 'a5', Application>;
  const awardIds: string[] = [];

  beforeAll(async () => {
    storage = mkdtempSync(path.join(tmpdir(), 'exports-e2e-'));
    ctx = await createTestApp({ worker: true, env: { EXPORT_STORAGE_DIR: storage } });
    officer = (await bearer(ctx, { role: 'program_officer' })).auth;
    round = await createRound(ctx, { code: `EXP-${randomUUID().slice(0, 6)}` });

    const [tokyo1, tokyo2, osaka] = await Promise.all([
      createCity(ctx, { country: 'JP', region: 'JP-13' }),
      createCity(ctx, { country: 'JP', region: 'JP-13' }),
      createCity(ctx, { country: 'JP', region: 'JP-27' }),
    ]);
    const [ca1, ca2, wa] = await Promise.all([
      createCity(ctx, { country: 'US', region: 'US-CA' }),
      createCity(ctx, { country: 'US', region: 'US-CA' }),
      createCity(ctx, { country: 'US', region: 'US-WA' }),
    ]);
    const app = async (
      jp: typeof tokyo1,
      us: typeof ca1,
      status: Application['status'],
      budgetLines?: BudgetLine[],
    ) =>
      createApplication(ctx, round, await createPartnership(ctx, jp, us), { status, budgetLines });
    // JP-13: a1 a2 a4, JP-27: a3 a5; US-CA: a1 a3 a4, US-WA: a2 a5.
    apps = {
      a1: await app(tokyo1, ca1, 'approved', [usd(500_000), jpy(500_000)]),
      a2: await app(tokyo2, wa, 'approved', [usd(300_000), jpy(200_000)]),
      a3: await app(osaka, ca2, 'submitted'),
      a4: await app(tokyo1, ca2, 'rejected'),
      a5: await app(osaka, wa, 'draft'),
    };

    reviewers = [];
    for (let i = 0; i < 3; i++) reviewers.push(await createUser(ctx, { role: 'reviewer' }));
    const review = (
      application: Application,
      reviewer: User,
      status: 'assigned' | 'submitted' | 'declined',
      weightedScore: number | null = null,
    ) => [application.id, round.id, reviewer.id, status, weightedScore];
    const assignments = [
      review(apps.a1, reviewers[0], 'submitted', 4),
      review(apps.a1, reviewers[1], 'submitted', 3),
      review(apps.a1, reviewers[2], 'submitted', 3.5),
      review(apps.a2, reviewers[0], 'submitted', 2),
      review(apps.a2, reviewers[1], 'declined'),
      review(apps.a3, reviewers[0], 'assigned'),
    ];
    for (const values of assignments) {
      await ctx.db.query(
        `INSERT INTO assignments (application_id, round_id, reviewer_id, status, source,
           assigned_at, weighted_score, submitted_at, version)
         VALUES ($1, $2, $3, $4, 'manual', now(), $5,
           CASE WHEN $4::varchar = 'submitted' THEN now() END, 1)`,
        values,
      );
    }

    const decider = (await createUser(ctx, { role: 'program_officer' })).id;
    const award = async (application: Application, fx: string | null, usdTotal: number | null) => {
      const [row] = (await ctx.db.query(
        `INSERT INTO awards (application_id, round_id, partnership_id, jp_city_id, us_city_id,
           fx_rate_jpy_per_usd, fx_rate_effective_on, usd_total_minor, decided_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          application.id,
          round.id,
          application.partnershipId,
          application.jpCityId,
          application.usCityId,
          fx,
          fx ? '2026-04-01' : null,
          usdTotal,
          decider,
        ],
      )) as { id: string }[];
      awardIds.push(row.id);
      return row.id;
    };
    // USD 4,000.00 + ¥300,000 at ¥150/USD (= USD 2,000.00): USD 6,000.00 in all.
    const award1 = await award(apps.a1, '150.0000000000', 600_000);
    // USD 1,000.00 + ¥200,000 with no rate recorded: no USD total.
    const award2 = await award(apps.a2, null, null);
    await ctx.db.query(
      `INSERT INTO award_lines (award_id, side, currency, amount_minor) VALUES
         ($1, 'US', 'USD', 400000), ($1, 'JP', 'JPY', 300000),
         ($2, 'US', 'USD', 100000), ($2, 'JP', 'JPY', 200000)`,
      [award1, award2],
    );
    const [payee] = (await ctx.db.query(
      `INSERT INTO payee_accounts (city_id, rail, account_type, routing_number, holder_name,
         account_number_encrypted, account_number_last4, status, entered_by, version)
       VALUES ($1, 'ach', 'checking', '011000015', 'CITY OF TEST', $2, '6789', 'verified', $3, 1)
       RETURNING id`,
      [ca1.id, SECRET_CIPHERTEXT, decider],
    )) as { id: string }[];
    const tranche = (
      awardId: string,
      key: string,
      index: number,
      side: 'US' | 'JP',
      amount: number,
      status: string,
      payeeId: string | null = null,
    ) =>
      ctx.db.query(
        `INSERT INTO disbursements (award_id, tranche_key, tranche_index, release_on, side,
           currency, amount_minor, status, payee_account_id, bank_reference, version)
         VALUES ($1, $2, $3, 'award', $4, $5, $6, $7, $8, $9, 1)`,
        [
          awardId,
          key,
          index,
          side,
          side === 'US' ? 'USD' : 'JPY',
          amount,
          status,
          payeeId,
          status === 'paid' ? `REF-${key}-${side}` : null,
        ],
      );
    await tranche(award1, 'first', 0, 'US', 200_000, 'paid', payee.id);
    await tranche(award1, 'first', 0, 'JP', 150_000, 'paid');
    await tranche(award1, 'final', 1, 'US', 200_000, 'on_hold');
    await tranche(award1, 'final', 1, 'JP', 150_000, 'on_hold');
    await tranche(award2, 'first', 0, 'US', 50_000, 'scheduled');
    await tranche(award2, 'first', 0, 'JP', 100_000, 'paid');
  });

  afterAll(async () => {
    await ctx.close();
    rmSync(storage, { recursive: true, force: true });
  });

  const post = (body: object, auth = officer) =>
    request(ctx.http).post('/api/v1/exports').set('Authorization', auth).send(body);
  const getExport = (id: string, auth = officer) =>
    request(ctx.http).get(`/api/v1/exports/${id}`).set('Authorization', auth);
  const download = (id: string, auth = officer) =>
    request(ctx.http)
      .get(`/api/v1/exports/${id}/download`)
      .set('Authorization', auth)
      .buffer(true)
      .parse(binary);

  /** A download's error body (downloads are parsed as bytes). */
  const problem = (res: request.Response) =>
    JSON.parse((res.body as Buffer).toString('utf8')) as { code: string };

  async function finished(id: string) {
    return eventually(
      async () => {
        const res = await getExport(id).expect(200);
        return ['completed', 'failed'].includes(res.body.status) && res.body;
      },
      15_000,
      `export ${id} to finish`,
    );
  }

  /** POST → 202 → completed → downloaded and parsed. */
  async function generate(type: string, format: Format, roundId: string | null = round.id) {
    const accepted = await post({ type, format, roundId: roundId ?? undefined }).expect(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    const meta = await finished(accepted.body.id);
    expect(meta).toMatchObject({ status: 'completed', failureReason: null });
    const res = await download(accepted.body.id).expect(200);
    const rows = await recordsOf(format, res.body as Buffer);
    expect(meta.rowCount).toBe(rows.length);
    expect(meta.byteSize).toBe((res.body as Buffer).length);
    return { meta, res, rows };
  }

  const line = (rows: Row[], section: string, key: string) =>
    rows.find((r) => r.section === section && r.key === key);

  describe.each<Format>(['csv', 'xlsx'])('in %s', (format) => {
    it('round_summary: counts by status and region, money per currency, USD total, scores', async () => {
      const { rows } = await generate('round_summary', format);
      const counts = (section: string) =>
        Object.fromEntries(
          rows.filter((r) => r.section === section).map((r) => [r.key, Number(r.count)]),
        );
      expect(counts('status')).toEqual({ approved: 2, submitted: 1, rejected: 1, draft: 1 });
      expect(counts('jp_prefecture')).toEqual({ 'JP-13': 3, 'JP-27': 2 });
      expect(counts('us_state')).toEqual({ 'US-CA': 3, 'US-WA': 2 });

      // Requested: a1..a4 (the draft does not count); USD 5,000 + 3,000 + 5,000 + 5,000.
      const money = (section: string, currency: string) => {
        const r = line(rows, section, currency);
        return r && { minor: Number(r.amount_minor), major: r.amount, currency: r.currency };
      };
      expect(money('requested', 'USD')).toEqual({
        minor: 1_800_000,
        major: '18000.00',
        currency: 'USD',
      });
      expect(money('requested', 'JPY')).toEqual({
        minor: 1_700_000,
        major: '1700000',
        currency: 'JPY',
      });
      expect(money('awarded', 'USD')).toEqual({
        minor: 500_000,
        major: '5000.00',
        currency: 'USD',
      });
      expect(money('awarded', 'JPY')).toEqual({ minor: 500_000, major: '500000', currency: 'JPY' });
      expect(money('disbursed', 'USD')).toEqual({
        minor: 200_000,
        major: '2000.00',
        currency: 'USD',
      });
      expect(money('disbursed', 'JPY')).toEqual({
        minor: 250_000,
        major: '250000',
        currency: 'JPY',
      });

      // The USD total is the sum of awards.usd_total_minor, the award without a rate apart.
      const [{ total, missing }] = (await ctx.db.query(
        `SELECT COALESCE(sum(usd_total_minor), 0)::bigint AS total,
                count(*) FILTER (WHERE usd_total_minor IS NULL)::int AS missing
           FROM awards WHERE round_id = $1`,
        [round.id],
      )) as { total: number; missing: number }[];
      expect(total).toBe(600_000);
      expect(line(rows, 'usd_total', 'at_award_rates')).toMatchObject({
        currency: 'USD',
        count: '1',
        amount_minor: String(total),
        amount: '6000.00',
      });
      expect(line(rows, 'usd_total', 'awards_without_rate')).toMatchObject({
        count: String(missing),
      });

      const score = (a: Application) => line(rows, 'score', a.id);
      expect(score(apps.a1)).toMatchObject({ count: '3', avg_weighted_score: '3.5' });
      expect(score(apps.a1)?.status).toBe('approved');
      expect(score(apps.a2)).toMatchObject({ count: '1', avg_weighted_score: '2' });
      expect(score(apps.a3)).toMatchObject({ count: '0', avg_weighted_score: '' });
      expect(rows.filter((r) => r.section === 'score')).toHaveLength(5);
    });

    it('award_register: one line per award line with the rate and the USD total', async () => {
      const { rows } = await generate('award_register', format);
      expect(rows).toHaveLength(4);
      const [award1, award2] = awardIds;
      expect(rows.filter((r) => r.award_id === award1)).toEqual([
        expect.objectContaining({
          side: 'JP',
          currency: 'JPY',
          amount_minor: '300000',
          amount: '300000',
          fx_rate_jpy_per_usd: '150',
          award_usd_total_minor: '600000',
          award_usd_total: '6000.00',
          application_id: apps.a1.id,
          jp_prefecture: 'JP-13',
          us_state: 'US-CA',
          round_code: round.code,
        }),
        expect.objectContaining({ side: 'US', currency: 'USD', amount: '4000.00' }),
      ]);
      expect(rows.filter((r) => r.award_id === award2)).toEqual([
        expect.objectContaining({ currency: 'JPY', fx_rate_jpy_per_usd: '', award_usd_total: '' }),
        expect.objectContaining({ currency: 'USD', amount_minor: '100000' }),
      ]);
    });

    it('disbursement_ledger: every disbursement, payee accounts masked only', async () => {
      const { rows, res } = await generate('disbursement_ledger', format);
      expect(rows).toHaveLength(6);
      const paid = rows.filter((r) => r.status === 'paid');
      expect(paid.map((r) => `${r.currency} ${r.amount_minor}`).sort()).toEqual([
        'JPY 100000',
        'JPY 150000',
        'USD 200000',
      ]);
      const withPayee = rows.find((r) => r.payee_account);
      expect(withPayee).toMatchObject({
        payee_account: '•••• 6789',
        payee_rail: 'ach',
        bank_reference: 'REF-first-US',
        amount: '2000.00',
      });
      const raw = (res.body as Buffer).toString('latin1');
      expect(raw).not.toContain('ciphertext-that-must-never-leave');
    });

    it('reviewer_workload: assigned, submitted, declined and average score per reviewer', async () => {
      const { rows } = await generate('reviewer_workload', format);
      const of = (u: User) => rows.find((r) => r.reviewer_id === u.id);
      expect(rows).toHaveLength(3);
      expect(of(reviewers[0])).toMatchObject({
        assigned: '3',
        submitted: '2',
        declined: '0',
        open: '1',
        avg_weighted_score: '3',
      });
      expect(of(reviewers[1])).toMatchObject({ assigned: '2', submitted: '1', declined: '1' });
      expect(of(reviewers[2])).toMatchObject({ assigned: '1', avg_weighted_score: '3.5' });
    });
  });

  it('serves files with their content type and a file name that keeps the Japanese title', async () => {
    const csv = await generate('round_summary', 'csv');
    expect(csv.res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const date = new Date().toISOString().slice(0, 10);
    const name = `round_summary-${round.code}-テストラウンド-${date}.csv`;
    expect(csv.meta.fileName).toBe(name);
    expect(csv.res.headers['content-disposition']).toBe(
      `attachment; filename="round_summary-${round.code}-${date}.csv"; ` +
        `filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(csv.meta.sha256).toMatch(/^[0-9a-f]{64}$/);

    const xlsx = await generate('award_register', 'xlsx', null);
    expect(xlsx.res.headers['content-type']).toBe(XLSX_TYPE);
    expect(xlsx.meta).toMatchObject({
      roundId: null,
      fileName: `award_register-all-rounds-${date}.xlsx`,
    });
  });

  it('publishes export.completed with the row count', async () => {
    const { meta } = await generate('reviewer_workload', 'csv');
    const [event] = (await ctx.db.query(
      `SELECT payload FROM outbox WHERE event_type = 'export.completed' AND payload->>'exportId' = $1`,
      [meta.id],
    )) as { payload: Record<string, unknown> }[];
    expect(event.payload).toMatchObject({
      exportId: meta.id,
      type: 'reviewer_workload',
      rowCount: 3,
    });
  });

  it('exports an empty round', async () => {
    const empty = await createRound(ctx);
    const { rows } = await generate('round_summary', 'xlsx', empty.id);
    expect(rows.map((r) => `${r.section}:${r.key}:${r.count}:${r.amount_minor}`)).toEqual([
      'usd_total:at_award_rates:0:0',
      'usd_total:awards_without_rate:0:',
    ]);
    const workload = await generate('reviewer_workload', 'csv', empty.id);
    expect(workload.rows).toEqual([]);
    expect(workload.meta.rowCount).toBe(0);
  });

  it('records a failure with its reason, and refuses to download it (409)', async () => {
    // A round that is gone by the time the worker runs: deterministic, unlike a race.
    const [row] = (await ctx.db.query(
      `INSERT INTO exports (type, round_id, format) VALUES ('round_summary', $1, 'csv') RETURNING id`,
      [randomUUID()],
    )) as { id: string }[];
    await ctx
      .queue(QUEUES.exports)
      .add(EXPORT_JOB, { exportId: row.id }, { jobId: exportJobId(row.id) });
    const meta = await finished(row.id);
    expect(meta).toMatchObject({ status: 'failed', rowCount: null, sha256: null });
    expect(meta.failureReason).toMatch(/^Round [0-9a-f-]{36} no longer exists$/);
    const res = await download(row.id).expect(409);
    expect(problem(res).code).toBe('invalid_state');
    const audit = (await ctx.db.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
      [row.id],
    )) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['export.started', 'export.failed']);
  });

  it('answers 409 to a download before the export is completed', async () => {
    const [row] = (await ctx.db.query(
      `INSERT INTO exports (type, format) VALUES ('award_register', 'csv') RETURNING id`,
    )) as { id: string }[];
    const res = await download(row.id).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem(res)).toMatchObject({ code: 'invalid_state' });
    expect((await getExport(row.id).expect(200)).body.status).toBe('queued');
  });

  it('validates the request (400, nothing written) and the round (404)', async () => {
    const before = Number((await ctx.db.query('SELECT count(*) AS n FROM exports'))[0].n);
    const bad = [
      { type: 'everything', format: 'csv', roundId: round.id },
      { type: 'round_summary', format: 'pdf', roundId: round.id },
      { type: 'round_summary', format: 'csv' },
      { type: 'reviewer_workload', format: 'xlsx' },
      { type: 'award_register', format: 'csv', roundId: 'not-a-uuid' },
      { type: 'award_register', format: 'csv', extra: 1 },
    ];
    for (const body of bad) {
      const res = await post(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const missingRound = await post({ type: 'round_summary', format: 'csv' }).expect(400);
    expect(missingRound.body.errors).toEqual([
      { field: 'roundId', message: 'roundId is required for round_summary and reviewer_workload' },
    ]);
    await post({ type: 'round_summary', format: 'csv', roundId: randomUUID() }).expect(404);
    const after = Number((await ctx.db.query('SELECT count(*) AS n FROM exports'))[0].n);
    expect(after).toBe(before);
    await getExport(randomUUID()).expect(404);
    await download(randomUUID()).expect(404);
    await getExport('nope').expect(400);
  });

  it('lets only the roles of SPEC §4 request and read exports', async () => {
    const body = { type: 'award_register', format: 'csv' };
    const { id } = (await post(body).expect(202)).body as { id: string };
    await request(ctx.http).post('/api/v1/exports').send(body).expect(401);
    await request(ctx.http).get(`/api/v1/exports/${id}`).expect(401);
    for (const role of ['reviewer', 'city_user', 'auditor', 'finance_officer'] as const) {
      const city = role === 'city_user' ? (await createCity(ctx)).id : null;
      const { auth } = await bearer(ctx, { role, cityId: city });
      await post(body, auth).expect(403);
    }
    for (const role of ['reviewer', 'city_user'] as const) {
      const city = role === 'city_user' ? (await createCity(ctx)).id : null;
      const { auth } = await bearer(ctx, { role, cityId: city });
      await getExport(id, auth).expect(403);
      await download(id, auth).expect(403);
      await request(ctx.http).get('/api/v1/exports').set('Authorization', auth).expect(403);
    }
    const auditor = (await bearer(ctx, { role: 'auditor' })).auth;
    expect((await getExport(id, auditor).expect(200)).body.type).toBe('award_register');

    // Finance reads disbursement ledgers only; the others are out of its reach (404).
    const finance = (await bearer(ctx, { role: 'finance_officer' })).auth;
    await getExport(id, finance).expect(404);
    const ledger = (await post({ type: 'disbursement_ledger', format: 'csv' }).expect(202)).body;
    await finished(ledger.id);
    expect((await download(ledger.id, finance).expect(200)).body.length).toBeGreaterThan(0);
    const list = await request(ctx.http)
      .get('/api/v1/exports?limit=200')
      .set('Authorization', finance)
      .expect(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(list.body.data.every((e: { type: string }) => e.type === 'disbursement_ledger')).toBe(
      true,
    );
    await finished(id);
  });

  it('lists exports filtered by type and status', async () => {
    await generate('round_summary', 'csv');
    await generate('round_summary', 'csv');
    const res = await request(ctx.http)
      .get('/api/v1/exports?type=round_summary&status=completed&limit=2')
      .set('Authorization', officer)
      .expect(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    for (const e of res.body.data)
      expect(e).toMatchObject({ type: 'round_summary', status: 'completed' });
    await request(ctx.http)
      .get('/api/v1/exports?status=done')
      .set('Authorization', officer)
      .expect(400);
  });

  it('accepts an API key with exports:write', async () => {
    const admin = await bearer(ctx, { role: 'admin' });
    const key = (
      await request(ctx.http)
        .post('/api/v1/api-keys')
        .set('Authorization', admin.auth)
        .send({ name: 'exports', scopes: ['exports:write'] })
        .expect(201)
    ).body.key as string;
    const { id } = (
      await request(ctx.http)
        .post('/api/v1/exports')
        .set('X-API-Key', key)
        .send({ type: 'disbursement_ledger', format: 'xlsx' })
        .expect(202)
    ).body as { id: string };
    await finished(id);
    await request(ctx.http).get(`/api/v1/exports/${id}`).set('X-API-Key', key).expect(200);
  });

  describe('monthly disbursement ledger', () => {
    it('creates one export per month even when two workers run at once', async () => {
      const ledger = ctx.worker!.get(MonthlyLedger);
      const at = new Date('2031-07-01T03:00:00Z');
      const ids = await Promise.all([ledger.createForMonth(at), ledger.createForMonth(at)]);
      expect(ids[0]).toBe(ids[1]);
      const rows = (await ctx.db.query(
        `SELECT id, scheduled_for::text AS month, requested_by FROM exports WHERE scheduled_for IS NOT NULL`,
      )) as { id: string; month: string; requested_by: string | null }[];
      expect(rows).toEqual([{ id: ids[0], month: '2031-07-01', requested_by: null }]);
    });

    it('runs on the schedule of EXPORT_LEDGER_CRON and produces the ledger', async () => {
      const queue = ctx.queue(QUEUES.maintenance);
      await ctx.worker!.get(MonthlyLedger).install();
      const schedulers = await queue.getJobSchedulers();
      const scheduler = schedulers.find((s) => s.key === 'exports-monthly-ledger');
      expect(scheduler).toMatchObject({
        key: 'exports-monthly-ledger',
        pattern: ctx.env.EXPORT_LEDGER_CRON,
      });
      // The delayed next run would keep the queue busy: remove it, then run one by hand.
      await queue.removeJobScheduler('exports-monthly-ledger');
      await queue.add('exports-monthly-ledger', {});
      const month = `${new Date().toISOString().slice(0, 7)}-01`;
      const row = await eventually(async () => {
        const [r] = (await ctx.db.query(
          `SELECT id, status FROM exports WHERE scheduled_for = $1 AND status = 'completed'`,
          [month],
        )) as { id: string }[];
        return r;
      }, 15_000);
      const meta = (await getExport(row.id).expect(200)).body;
      expect(meta).toMatchObject({ type: 'disbursement_ledger', rowCount: 6, scheduledFor: month });
      expect(meta.fileName).toBe(`disbursement_ledger-${month.slice(0, 7)}.csv`);
    });
  });
});
