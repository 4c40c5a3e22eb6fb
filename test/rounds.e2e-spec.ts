import request, { Response } from 'supertest';
import { createTestApp, TestContext } from './support/app';
import {
  bearer,
  createCity,
  createPartnership,
  createRound,
  insertPaidOut,
} from './support/factories';

const ROUNDS = '/api/v1/rounds';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const DAY = 86_400_000;

function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
let codeSeq = 0;

/** A complete round body: opening it needs nothing more. */
function roundBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  codeSeq += 1;
  return {
    code: `SDG-${codeSeq}-${Math.random().toString(36).slice(2, 8)}`,
    title: { en: 'Sister-city exchange', ja: '姉妹都市交流' },
    opensAt: inDays(-1),
    closesAt: inDays(30),
    budgets: [
      { currency: 'USD', amountMinor: 10_000_000 },
      { currency: 'JPY', amountMinor: 15_000_000 },
    ],
    maxAward: [
      { currency: 'USD', amountMinor: 1_000_000 },
      { currency: 'JPY', amountMinor: 1_500_000 },
    ],
    rubric: [
      { key: 'impact', label: { en: 'Impact', ja: '効果' }, weight: 2, maxScore: 5 },
      { key: 'feasibility', label: { en: 'Feasibility' }, weight: 1, maxScore: 5 },
    ],
    trancheSchedule: [
      { key: 'advance', percent: 70, releaseOn: 'award' },
      { key: 'final', percent: 30, releaseOn: 'final_report_accepted' },
    ],
    reportsRequired: [{ kind: 'final', dueOn: '2027-12-31' }],
    ...overrides,
  };
}

describe('rounds (SPEC §5.2)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: string;
  let auditor: string;
  let finance: string;
  let reviewer: string;
  let cityUser: string;

  const post = (url: string, auth: string, body: object = {}) =>
    request(ctx.http).post(url).set('Authorization', auth).send(body);
  const get = (url: string, auth: string) => request(ctx.http).get(url).set('Authorization', auth);
  const patch = (url: string, auth: string, body: object, ifMatch?: string) => {
    const req = request(ctx.http).patch(url).set('Authorization', auth);
    if (ifMatch !== undefined) req.set('If-Match', ifMatch);
    return req.send(body);
  };
  const roundCount = async () =>
    Number(((await ctx.db.query('SELECT count(*) AS n FROM rounds')) as { n: string }[])[0].n);
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await post(ROUNDS, officer, roundBody(overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string; version: number };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const city = await createCity(ctx, { country: 'JP' });
    [admin, officer, auditor, finance, reviewer, cityUser] = await Promise.all(
      (
        [
          { role: 'admin' },
          { role: 'program_officer' },
          { role: 'auditor' },
          { role: 'finance_officer' },
          { role: 'reviewer', country: 'US' },
          { role: 'city_user', cityId: city.id },
        ] as const
      ).map(async (options) => (await bearer(ctx, options)).auth),
    );
  });
  afterAll(() => ctx.close());

  describe('create', () => {
    it('creates a draft: 201, ETag "1", money as integers, bilingual text byte for byte', async () => {
      // Emoji (astral), half-width katakana, a combining mark (e + U+0301) and a full-width space:
      // none may be normalised, trimmed or re-encoded.
      const ja = '姉妹都市 🎌 ｶﾀｶﾅ cafe\u0301\u3000交流';
      const en = ' Café\u0301 exchange 👩‍👩‍👧 ';
      const res = await post(
        ROUNDS,
        officer,
        roundBody({ title: { en, ja }, reviewersPerApplication: undefined }),
      ).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        status: 'draft',
        version: 1,
        reviewersPerApplication: 3,
        budgets: [
          { currency: 'USD', amountMinor: 10_000_000 },
          { currency: 'JPY', amountMinor: 15_000_000 },
        ],
        maxAward: [
          { currency: 'USD', amountMinor: 1_000_000 },
          { currency: 'JPY', amountMinor: 1_500_000 },
        ],
      });
      expect(res.body.title).toEqual({ en, ja });
      expect(Buffer.from(res.body.title.ja, 'utf8')).toEqual(Buffer.from(ja, 'utf8'));

      const again = await get(`${ROUNDS}/${res.body.id}`, officer).expect(200);
      expect(again.headers.etag).toBe('"1"');
      expect(Buffer.from(again.body.title.ja, 'utf8')).toEqual(Buffer.from(ja, 'utf8'));
      expect(Buffer.from(again.body.title.en, 'utf8')).toEqual(Buffer.from(en, 'utf8'));
      const [stored] = (await ctx.db.query(`SELECT title->>'ja' AS ja FROM rounds WHERE id = $1`, [
        res.body.id,
      ])) as { ja: string }[];
      expect(stored.ja).toBe(ja);
      expect(again.body.rubric[1]).toEqual({
        key: 'feasibility',
        label: { en: 'Feasibility' },
        weight: 1,
        maxScore: 5,
      });

      const [budgetRow] = (await ctx.db.query(
        `SELECT amount_minor, max_award_minor, committed_minor FROM round_budgets
          WHERE round_id = $1 AND currency = 'JPY'`,
        [res.body.id],
      )) as Record<string, number>[];
      expect(budgetRow).toEqual({
        amount_minor: 15_000_000,
        max_award_minor: 1_500_000,
        committed_minor: 0,
      });
    });

    it('accepts an incomplete draft (no rubric, tranches short of 100)', async () => {
      const res = await post(
        ROUNDS,
        officer,
        roundBody({
          rubric: undefined,
          trancheSchedule: [{ key: 'a', percent: 40, releaseOn: 'award' }],
          budgets: undefined,
          maxAward: undefined,
        }),
      ).expect(201);
      expect(res.body).toMatchObject({ rubric: [], budgets: [], maxAward: [], status: 'draft' });
    });

    it('audits the creation with its outbox row in the same transaction', async () => {
      const round = await create();
      const audit = (await ctx.db.query(
        `SELECT actor_id, data FROM audit_events WHERE action = 'round.created' AND entity_id = $1`,
        [round.id],
      )) as { data: { code: string } }[];
      expect(audit).toHaveLength(1);
      expect(audit[0].data.code).toBe(round.code);
      const outbox = (await ctx.db.query(
        `SELECT 1 FROM outbox WHERE event_type = 'round.created' AND payload->>'entityId' = $1`,
        [round.id],
      )) as unknown[];
      expect(outbox).toHaveLength(1);
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a code over 40 characters', { code: 'X'.repeat(41) }, 'code'],
      ['a code with spaces', { code: 'SDG 2027' }, 'code'],
      ['a title with neither language', { title: {} }, 'title.en'],
      ['a title over 300 characters', { title: { ja: 'あ'.repeat(301) } }, 'title.ja'],
      ['a title that is a string', { title: 'Round' }, 'title'],
      ['a title with NUL', { title: { en: 'a\u0000b' } }, 'title.en'],
      ['an instant without offset', { opensAt: '2026-12-01T09:00:00' }, 'opensAt'],
      ['a date that does not exist', { closesAt: '2027-02-30T09:00:00Z' }, 'closesAt'],
      ['closesAt before opensAt', { opensAt: inDays(10), closesAt: inDays(5) }, 'closesAt'],
      [
        'a duplicate currency',
        {
          budgets: [
            { currency: 'USD', amountMinor: 100 },
            { currency: 'USD', amountMinor: 200 },
          ],
        },
        'budgets',
      ],
      [
        'an unknown currency',
        { budgets: [{ currency: 'EUR', amountMinor: 100 }] },
        'budgets.0.currency',
      ],
      [
        'a fractional amount',
        { budgets: [{ currency: 'USD', amountMinor: 10.5 }] },
        'budgets.0.amountMinor',
      ],
      [
        'an amount as a string',
        { budgets: [{ currency: 'USD', amountMinor: '100' }] },
        'budgets.0.amountMinor',
      ],
      [
        'a zero budget',
        { budgets: [{ currency: 'USD', amountMinor: 0 }] },
        'budgets.0.amountMinor',
      ],
      [
        'an unsafe integer',
        { budgets: [{ currency: 'USD', amountMinor: 2 ** 53 }] },
        'budgets.0.amountMinor',
      ],
      [
        'maxAward above the budget',
        {
          maxAward: [
            { currency: 'USD', amountMinor: 10_000_001 },
            { currency: 'JPY', amountMinor: 1 },
          ],
        },
        'maxAward',
      ],
      [
        'a budget without maxAward',
        { maxAward: [{ currency: 'USD', amountMinor: 1 }] },
        'maxAward',
      ],
      [
        'a maxAward without budget',
        { budgets: [{ currency: 'USD', amountMinor: 100 }] },
        'maxAward',
      ],
      [
        'duplicate rubric keys',
        {
          rubric: [
            { key: 'a', label: { en: 'A' }, weight: 1, maxScore: 5 },
            { key: 'a', label: { en: 'B' }, weight: 1, maxScore: 5 },
          ],
        },
        'rubric',
      ],
      [
        'more than 20 criteria',
        {
          rubric: Array.from({ length: 21 }, (_, i) => ({
            key: `c${i}`,
            label: { en: `C${i}` },
            weight: 1,
            maxScore: 5,
          })),
        },
        'rubric',
      ],
      [
        'a weight of 0',
        { rubric: [{ key: 'a', label: { en: 'A' }, weight: 0, maxScore: 5 }] },
        'rubric.0.weight',
      ],
      [
        'a criterion label with neither language',
        { rubric: [{ key: 'a', label: {}, weight: 1, maxScore: 5 }] },
        'rubric.0.label.en',
      ],
      ['11 reviewers per application', { reviewersPerApplication: 11 }, 'reviewersPerApplication'],
      [
        'an unknown tranche release',
        { trancheSchedule: [{ key: 'a', percent: 100, releaseOn: 'whenever' }] },
        'trancheSchedule.0.releaseOn',
      ],
      [
        'duplicate tranche keys',
        {
          trancheSchedule: [
            { key: 'a', percent: 50, releaseOn: 'award' },
            { key: 'a', percent: 50, releaseOn: 'award' },
          ],
        },
        'trancheSchedule',
      ],
      [
        'a percent over 100',
        { trancheSchedule: [{ key: 'a', percent: 101, releaseOn: 'award' }] },
        'trancheSchedule.0.percent',
      ],
      [
        'a report due date that is no date',
        { reportsRequired: [{ kind: 'final', dueOn: '2027-13-01' }] },
        'reportsRequired.0.dueOn',
      ],
      [
        'an unknown report kind',
        { reportsRequired: [{ kind: 'monthly', dueOn: '2027-01-01' }] },
        'reportsRequired.0.kind',
      ],
    ];
    it.each(invalid)(
      'refuses %s with 400 naming the field, and writes nothing',
      async (_, overrides, field) => {
        const before = await roundCount();
        const res = await post(ROUNDS, officer, roundBody(overrides));
        expectProblem(res, 400, 'validation_failed');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await roundCount()).toBe(before);
      },
    );

    it('refuses a duplicate code with 409 conflict', async () => {
      const round = await create();
      const res = await post(ROUNDS, officer, roundBody({ code: round.code }));
      expectProblem(res, 409, 'conflict');
      expect(res.body.detail).toContain(round.code);
    });

    it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
      const body = roundBody();
      const first = await post(ROUNDS, officer, body).set('Idempotency-Key', `k-${body.code}`);
      expect(first.status).toBe(201);
      const second = await post(ROUNDS, officer, body).set('Idempotency-Key', `k-${body.code}`);
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
    });
  });

  describe('edit', () => {
    it('edits a draft with a fresh If-Match (ETag "2"), a stale one is 412 and changes nothing', async () => {
      const round = await create();
      const res = await patch(
        `${ROUNDS}/${round.id}`,
        officer,
        { title: { ja: '新しい題名' }, reviewersPerApplication: 4 },
        '"1"',
      ).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({
        title: { ja: '新しい題名' },
        reviewersPerApplication: 4,
        version: 2,
        code: round.code,
      });

      const stale = await patch(
        `${ROUNDS}/${round.id}`,
        officer,
        { reviewersPerApplication: 5 },
        '"1"',
      );
      expectProblem(stale, 412, 'precondition_failed');
      const current = await get(`${ROUNDS}/${round.id}`, officer).expect(200);
      expect(current.body.reviewersPerApplication).toBe(4);

      const audit = (await ctx.db.query(
        `SELECT data FROM audit_events WHERE action = 'round.updated' AND entity_id = $1`,
        [round.id],
      )) as { data: Record<string, unknown> }[];
      expect(audit).toHaveLength(1);
      expect(audit[0].data).toMatchObject({ reviewersPerApplication: 4 });
    });

    it('replaces the budget rows and bumps the ETag when only maxAward changes', async () => {
      const round = await create();
      const res = await patch(`${ROUNDS}/${round.id}`, admin, {
        maxAward: [
          { currency: 'USD', amountMinor: 2_000_000 },
          { currency: 'JPY', amountMinor: 3_000_000 },
        ],
      }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body.maxAward).toEqual([
        { currency: 'USD', amountMinor: 2_000_000 },
        { currency: 'JPY', amountMinor: 3_000_000 },
      ]);
      expect(res.body.budgets).toEqual([
        { currency: 'USD', amountMinor: 10_000_000 },
        { currency: 'JPY', amountMinor: 15_000_000 },
      ]);

      const usdOnly = await patch(`${ROUNDS}/${round.id}`, admin, {
        budgets: [{ currency: 'USD', amountMinor: 5_000_000 }],
        maxAward: [{ currency: 'USD', amountMinor: 500_000 }],
      }).expect(200);
      expect(usdOnly.body.budgets).toEqual([{ currency: 'USD', amountMinor: 5_000_000 }]);
      const rows = (await ctx.db.query('SELECT currency FROM round_budgets WHERE round_id = $1', [
        round.id,
      ])) as unknown[];
      expect(rows).toEqual([{ currency: 'USD' }]);
    });

    it('validates a PATCH against the stored values (400) and refuses nulls', async () => {
      const round = await create({ opensAt: inDays(1), closesAt: inDays(10) });
      expectProblem(
        await patch(`${ROUNDS}/${round.id}`, officer, { closesAt: inDays(0.5) }),
        400,
        'validation_failed',
      );
      expectProblem(
        await patch(`${ROUNDS}/${round.id}`, officer, {
          maxAward: [
            { currency: 'USD', amountMinor: 10_000_001 },
            { currency: 'JPY', amountMinor: 1 },
          ],
        }),
        400,
        'validation_failed',
      );
      expectProblem(
        await patch(`${ROUNDS}/${round.id}`, officer, { title: null }),
        400,
        'validation_failed',
      );
      expectProblem(
        await patch(`${ROUNDS}/${round.id}`, officer, { status: 'open' }),
        400,
        'validation_failed',
      );
      const current = await get(`${ROUNDS}/${round.id}`, officer).expect(200);
      expect(current.body.version).toBe(1);
    });

    it('refuses to edit a round once open (409 invalid_state), a missing round is 404', async () => {
      const round = await create();
      await post(`${ROUNDS}/${round.id}/open`, officer).expect(200);
      const res = await patch(`${ROUNDS}/${round.id}`, officer, { reviewersPerApplication: 2 });
      expectProblem(res, 409, 'invalid_state');
      expect(res.body.detail).toContain('open');
      expectProblem(
        await patch(`${ROUNDS}/${MISSING_ID}`, officer, { reviewersPerApplication: 2 }),
        404,
        'not_found',
      );
    });

    it('refuses a code another round already uses (409 conflict)', async () => {
      const [a, b] = [await create(), await create()];
      expectProblem(await patch(`${ROUNDS}/${b.id}`, officer, { code: a.code }), 409, 'conflict');
    });
  });

  describe('transitions', () => {
    it('opens, closes and archives, each audited with its outbox event', async () => {
      const round = await create();
      const opened = await post(`${ROUNDS}/${round.id}/open`, officer).expect(200);
      expect(opened.body).toMatchObject({ status: 'open', version: 2 });
      expect(opened.headers.etag).toBe('"2"');
      const closed = await post(`${ROUNDS}/${round.id}/close`, admin).expect(200);
      expect(closed.body.status).toBe('closed');
      const archived = await post(`${ROUNDS}/${round.id}/archive`, officer).expect(200);
      expect(archived.body).toMatchObject({ status: 'archived', version: 4 });

      const audit = (await ctx.db.query(
        `SELECT action, data FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
        [round.id],
      )) as { action: string; data: Record<string, unknown> }[];
      expect(audit.map((a) => a.action)).toEqual([
        'round.created',
        'round.opened',
        'round.closed',
        'round.archived',
      ]);
      expect(audit[1].data).toMatchObject({ from: 'draft', to: 'open' });
      const outbox = (await ctx.db.query(
        `SELECT event_type FROM outbox WHERE payload->>'entityId' = $1 ORDER BY created_at`,
        [round.id],
      )) as { event_type: string }[];
      expect(outbox.map((o) => o.event_type).sort()).toEqual(
        ['round.archived', 'round.closed', 'round.created', 'round.opened'].sort(),
      );
    });

    it('refuses every illegal transition with 409 invalid_state naming action and status', async () => {
      const round = await create();
      const closeDraft = await post(`${ROUNDS}/${round.id}/close`, officer);
      expectProblem(closeDraft, 409, 'invalid_state');
      expect(closeDraft.body.detail).toMatch(/close.*draft/);
      expectProblem(await post(`${ROUNDS}/${round.id}/archive`, officer), 409, 'invalid_state');

      await post(`${ROUNDS}/${round.id}/open`, officer).expect(200);
      const openTwice = await post(`${ROUNDS}/${round.id}/open`, officer);
      expectProblem(openTwice, 409, 'invalid_state');
      expect(openTwice.body.detail).toMatch(/open.*open/);
      expectProblem(await post(`${ROUNDS}/${round.id}/archive`, officer), 409, 'invalid_state');

      await post(`${ROUNDS}/${round.id}/close`, officer).expect(200);
      expectProblem(await post(`${ROUNDS}/${round.id}/open`, officer), 409, 'invalid_state');
      await post(`${ROUNDS}/${round.id}/archive`, officer).expect(200);
      for (const action of ['open', 'close', 'archive']) {
        const res = await post(`${ROUNDS}/${round.id}/${action}`, officer);
        expectProblem(res, 409, 'invalid_state');
        expect(res.body.detail).toContain('archived');
      }
      const transitions = (await ctx.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action <> 'round.created'`,
        [round.id],
      )) as { n: number }[];
      expect(transitions[0].n).toBe(3);
    });

    it('refuses to open an incomplete round with 422 naming each problem, and keeps it a draft', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          {
            trancheSchedule: [
              { key: 'a', percent: 60, releaseOn: 'award' },
              { key: 'b', percent: 30, releaseOn: 'final_report_accepted' },
            ],
          },
          /sum to 90, not 100/,
        ],
        [{ rubric: [] }, /rubric has no criteria/],
        [{ opensAt: inDays(-10), closesAt: inDays(-1) }, /closesAt .* has already passed/],
        [{ budgets: [], maxAward: [] }, /at least one budget/],
        [{ reportsRequired: [] }, /no final report is required/],
        [
          {
            trancheSchedule: [
              { key: 'a', percent: 50, releaseOn: 'award' },
              { key: 'b', percent: 50, releaseOn: 'interim_report_accepted' },
            ],
          },
          /no interim report is required/,
        ],
      ];
      for (const [overrides, problem] of cases) {
        const round = await create(overrides);
        const res = await post(`${ROUNDS}/${round.id}/open`, officer);
        expectProblem(res, 422, 'rule_violation');
        expect(res.body.detail).toMatch(problem);
        const current = await get(`${ROUNDS}/${round.id}`, officer).expect(200);
        expect(current.body).toMatchObject({ status: 'draft', version: 1 });
      }
      const noAudit = (await ctx.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'round.opened'
           AND entity_id IN (SELECT id::text FROM rounds WHERE status = 'draft')`,
      )) as { n: number }[];
      expect(noAudit[0].n).toBe(0);
    });

    it('says in Japanese what an incomplete round lacks (Accept-Language: ja)', async () => {
      const round = await create({
        rubric: [],
        trancheSchedule: [
          { key: 'a', percent: 60, releaseOn: 'award' },
          { key: 'b', percent: 30, releaseOn: 'interim_report_accepted' },
        ],
      });
      const res = await post(`${ROUNDS}/${round.id}/open`, officer).set('Accept-Language', 'ja');
      expectProblem(res, 422, 'rule_violation');
      const expected = [
        { field: 'rubric', message: '評価項目が1つもありません' },
        { field: 'trancheSchedule', message: '支払回の割合の合計が90%です（100%にしてください）' },
        {
          field: 'reportsRequired',
          message: '中間報告の受理で支払う支払回がありますが、中間報告が求められていません',
        },
      ];
      expect(res.body.errors).toEqual(expected);
      expect(res.body.detail).toBe(
        `募集回の受付を開始できません：${expected.map((e) => e.message).join('／')}`,
      );
      const current = await get(`${ROUNDS}/${round.id}`, officer).expect(200);
      expect(current.body).toMatchObject({ status: 'draft', version: 1 });
    });

    it('answers a missing round with 404 and a malformed id with 400', async () => {
      expectProblem(await post(`${ROUNDS}/${MISSING_ID}/open`, officer), 404, 'not_found');
      expectProblem(await post(`${ROUNDS}/not-a-uuid/open`, officer), 400, 'validation_failed');
    });
  });

  describe('reading and reach', () => {
    it('shows open rounds to every role, drafts only to the program office and auditors', async () => {
      const draft = await create();
      const open = await create();
      await post(`${ROUNDS}/${open.id}/open`, officer).expect(200);

      for (const auth of [cityUser, reviewer, finance]) {
        await get(`${ROUNDS}/${open.id}`, auth).expect(200);
        expectProblem(await get(`${ROUNDS}/${draft.id}`, auth), 404, 'not_found');
        const list = await get(`${ROUNDS}?limit=200`, auth).expect(200);
        const ids = list.body.data.map((r: { id: string }) => r.id);
        expect(ids).toContain(open.id);
        expect(ids).not.toContain(draft.id);
        expect(list.body.data.every((r: { status: string }) => r.status !== 'draft')).toBe(true);
      }
      for (const auth of [officer, admin, auditor]) {
        const res = await get(`${ROUNDS}/${draft.id}`, auth).expect(200);
        expect(res.headers.etag).toBe('"1"');
      }
      expectProblem(await get(`${ROUNDS}/${MISSING_ID}`, officer), 404, 'not_found');
    });

    it('filters by status and pages with a cursor', async () => {
      for (let i = 0; i < 3; i++) {
        await createRound(ctx, { status: 'closed', opensAt: new Date(Date.now() - (i + 5) * DAY) });
      }
      const first = await get(`${ROUNDS}?status=closed&limit=2`, officer).expect(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(
        `${ROUNDS}?status=closed&limit=2&cursor=${first.body.nextCursor}`,
        officer,
      ).expect(200);
      const all = [...first.body.data, ...second.body.data];
      expect(all.every((r: { status: string }) => r.status === 'closed')).toBe(true);
      expect(new Set(all.map((r: { id: string }) => r.id)).size).toBe(all.length);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(all[0].budgets).toHaveLength(2);
      expectProblem(await get(`${ROUNDS}?status=pending`, officer), 400, 'validation_failed');
      expectProblem(await get(`${ROUNDS}?limit=201`, officer), 400, 'validation_failed');
    });

    it('lets an API key with applications:read read rounds, not one without it (403)', async () => {
      const open = await createRound(ctx);
      const keyWith = async (scopes: string[]) => {
        const res = await post('/api/v1/api-keys', admin, { name: 'crm', scopes }).expect(201);
        return res.body.key as string;
      };
      const reader = await keyWith(['applications:read']);
      await request(ctx.http).get(`${ROUNDS}/${open.id}`).set('X-API-Key', reader).expect(200);
      const other = await keyWith(['awards:read']);
      expectProblem(
        await request(ctx.http).get(`${ROUNDS}/${open.id}`).set('X-API-Key', other),
        403,
        'forbidden',
      );
      expectProblem(
        await request(ctx.http).post(ROUNDS).set('X-API-Key', reader).send(roundBody()),
        403,
        'forbidden',
      );
    });

    it('renders opensAt and closesAt in JST and every US zone of the active partnerships', async () => {
      const la = await createCity(ctx, {
        country: 'US',
        region: 'US-CA',
        timezone: 'America/Los_Angeles',
      });
      const ny = await createCity(ctx, {
        country: 'US',
        region: 'US-NY',
        timezone: 'America/New_York',
      });
      const chicago = await createCity(ctx, {
        country: 'US',
        region: 'US-IL',
        timezone: 'America/Chicago',
      });
      await createPartnership(ctx, undefined, la);
      await createPartnership(ctx, undefined, la);
      await createPartnership(ctx, undefined, ny);
      const inactive = await createPartnership(ctx, undefined, chicago);
      await ctx.db.query(`UPDATE partnerships SET status = 'inactive' WHERE id = $1`, [
        inactive.id,
      ]);

      const round = await create({
        opensAt: '2026-12-01T09:00:00+09:00',
        closesAt: '2027-07-15T14:59:59Z',
      });
      const res = await get(`${ROUNDS}/${round.id}`, officer).expect(200);
      expect(res.body.opensAt).toBe('2026-12-01T00:00:00.000Z');
      expect(res.body.schedule).toEqual({
        opensAt: {
          'Asia/Tokyo': '2026-12-01T09:00:00+09:00',
          'America/Los_Angeles': '2026-11-30T16:00:00-08:00',
          'America/New_York': '2026-11-30T19:00:00-05:00',
        },
        closesAt: {
          'Asia/Tokyo': '2027-07-15T23:59:59+09:00',
          'America/Los_Angeles': '2027-07-15T07:59:59-07:00',
          'America/New_York': '2027-07-15T10:59:59-04:00',
        },
      });
      expect(Object.keys(res.body.schedule.opensAt)[0]).toBe('Asia/Tokyo');
    });
  });

  describe('budget', () => {
    it('reports budget, committed, disbursed and remaining per currency', async () => {
      const round = await createRound(ctx);
      await ctx.db.query(
        `UPDATE round_budgets SET committed_minor = 2500000 WHERE round_id = $1 AND currency = 'USD'`,
        [round.id],
      );
      // Paid out is what the round's paid disbursements add up to; refunds are counted from the
      // refunds (test/settlements, test/refunds).
      await insertPaidOut(ctx, round, 'USD', 600_000);
      await insertPaidOut(ctx, round, 'USD', 400_000);
      const res = await get(`${ROUNDS}/${round.id}/budget`, finance).expect(200);
      expect(res.body).toEqual({
        roundId: round.id,
        budgets: [
          {
            currency: 'USD',
            budgetMinor: 10_000_000,
            committedMinor: 2_500_000,
            disbursedMinor: 1_000_000,
            refundsDueMinor: 0,
            refundedMinor: 0,
            remainingMinor: 7_500_000,
          },
          {
            currency: 'JPY',
            budgetMinor: 15_000_000,
            committedMinor: 0,
            disbursedMinor: 0,
            refundsDueMinor: 0,
            refundedMinor: 0,
            remainingMinor: 15_000_000,
          },
        ],
      });
      await get(`${ROUNDS}/${round.id}/budget`, auditor).expect(200);
      expectProblem(await get(`${ROUNDS}/${MISSING_ID}/budget`, officer), 404, 'not_found');
    });
  });

  describe('access', () => {
    it('refuses writes to roles outside the program office (403) and anonymous callers (401)', async () => {
      const round = await createRound(ctx, { status: 'draft' });
      const before = await roundCount();
      for (const auth of [auditor, finance, reviewer, cityUser]) {
        expectProblem(await post(ROUNDS, auth, roundBody()), 403, 'forbidden');
        expectProblem(
          await patch(`${ROUNDS}/${round.id}`, auth, { reviewersPerApplication: 2 }),
          403,
          'forbidden',
        );
        expectProblem(await post(`${ROUNDS}/${round.id}/open`, auth), 403, 'forbidden');
      }
      expect(await roundCount()).toBe(before);
      for (const auth of [reviewer, cityUser]) {
        expectProblem(await get(`${ROUNDS}/${round.id}/budget`, auth), 403, 'forbidden');
      }
      expectProblem(await request(ctx.http).get(ROUNDS), 401, 'unauthenticated');
      expectProblem(await request(ctx.http).post(ROUNDS).send(roundBody()), 401, 'unauthenticated');
      expectProblem(
        await request(ctx.http).post(`${ROUNDS}/${round.id}/close`),
        401,
        'unauthenticated',
      );
    });
  });
});
