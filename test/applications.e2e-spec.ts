import { createHash } from 'node:crypto';
import request, { Response } from 'supertest';
import { canonicalJson } from '../src/common/canonical-json';
import type { City } from '../src/partnerships/city.entity';
import type { Partnership } from '../src/partnerships/partnership.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, TestContext } from './support/app';
import {
  bearer,
  createCity,
  createPartnership,
  createRound,
  createUser,
} from './support/factories';

const APPLICATIONS = '/api/v1/applications';

interface Caller {
  user: User;
  auth: string;
}

function expectProblem(res: Response, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

const lines = () => [
  {
    side: 'JP',
    category: 'travel',
    description: 'Flights to San Diego',
    amountMinor: 600_000,
    currency: 'JPY',
  },
  { side: 'JP', category: 'venue', description: '', amountMinor: 400_000, currency: 'JPY' },
  {
    side: 'US',
    category: 'travel',
    description: 'Flights to Yokohama',
    amountMinor: 450_000,
    currency: 'USD',
  },
];

describe('applications: joint, co-signed (SPEC §5.3)', () => {
  let ctx: TestContext;
  let yokohama: City;
  let sanDiego: City;
  let osaka: City;
  let partnership: Partnership;
  let yk: Caller;
  let yk2: Caller;
  let sd: Caller;
  let sd2: Caller;
  let sd3: Caller;
  let os: Caller;
  let officer: Caller;
  let admin: Caller;

  beforeAll(async () => {
    ctx = await createTestApp();
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
    osaka = await createCity(ctx, { country: 'JP', nameEn: 'Osaka', region: 'JP-27' });
    partnership = await createPartnership(ctx, yokohama, sanDiego);
    yk = await bearer(ctx, { role: 'city_user', cityId: yokohama.id });
    yk2 = await bearer(ctx, { role: 'city_user', cityId: yokohama.id });
    sd = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id });
    sd2 = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id });
    sd3 = await bearer(ctx, { role: 'city_user', cityId: sanDiego.id });
    os = await bearer(ctx, { role: 'city_user', cityId: osaka.id });
    officer = await bearer(ctx, { role: 'program_officer' });
    admin = await bearer(ctx, { role: 'admin' });
  });
  afterAll(() => ctx.close());

  const bodyFor = (roundId: string, overrides: Record<string, unknown> = {}) => ({
    roundId,
    partnershipId: partnership.id,
    title: { en: 'Youth robotics exchange', ja: '青少年ロボット交流' },
    summary: { en: 'Two teams build and race robots.', ja: '二つのチームがロボットを作る。' },
    startsOn: '2026-04-01',
    endsOn: '2027-03-31',
    budgetLines: lines(),
    ...overrides,
  });

  const post = (path: string, caller: Caller, body: object = {}) =>
    request(ctx.http).post(path).set('Authorization', caller.auth).send(body);
  const create = (caller: Caller, body: object) => post(APPLICATIONS, caller, body);
  const sign = (caller: Caller, id: string, contentHash: string) =>
    post(`${APPLICATIONS}/${id}/sign`, caller, { contentHash });
  const get = (caller: Caller, path: string) =>
    request(ctx.http).get(path).set('Authorization', caller.auth);

  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await ctx.db.query(sql, params)) as { n: string }[])[0].n);
  const applicationCount = () => count('SELECT count(*) AS n FROM applications');
  const outboxCount = (type: string, applicationId: string) =>
    count(
      `SELECT count(*) AS n FROM outbox WHERE event_type = $1 AND payload->>'applicationId' = $2`,
      [type, applicationId],
    );

  /** A fresh round and a draft application of Yokohama–San Diego in it. */
  async function draft(overrides: Record<string, unknown> = {}) {
    const round = await createRound(ctx);
    const res = await create(yk, bodyFor(round.id, overrides)).expect(201);
    return { round, app: res.body as { id: string; contentHash: string; version: number } };
  }

  async function submitted() {
    const { round, app } = await draft();
    await sign(yk, app.id, app.contentHash).expect(200);
    const res = await sign(sd, app.id, app.contentHash).expect(200);
    expect(res.body.status).toBe('submitted');
    return { round, app: res.body as { id: string; contentHash: string; version: number } };
  }

  it('goes draft → awaiting_cosign → submitted, signed by Yokohama then San Diego', async () => {
    const round = await createRound(ctx);
    const created = await create(yk, bodyFor(round.id)).expect(201);
    const app = created.body;
    expect(created.headers.etag).toBe(`"${app.version}"`);
    expect(app).toMatchObject({
      status: 'draft',
      roundId: round.id,
      partnershipId: partnership.id,
      jpCityId: yokohama.id,
      usCityId: sanDiego.id,
      signatures: [],
      createdBy: yk.user.id,
      submittedAt: null,
      requested: [
        { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
        { side: 'US', currency: 'USD', amountMinor: 450_000 },
      ],
    });
    const content = {
      roundId: round.id,
      partnershipId: partnership.id,
      title: app.title,
      summary: app.summary,
      startsOn: '2026-04-01',
      endsOn: '2027-03-31',
      budgetLines: lines(),
    };
    expect(app.contentHash).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
    expect(app.deadline).toEqual({
      closesAt: round.closesAt.toISOString(),
      'Asia/Tokyo': expect.stringMatching(/\+09:00$/),
      'America/Los_Angeles': expect.stringMatching(/-0[78]:00$/),
    });

    const first = await sign(yk, app.id, app.contentHash).expect(200);
    expect(first.body.status).toBe('awaiting_cosign');
    expect(first.body.signatures).toEqual([
      {
        side: 'JP',
        cityId: yokohama.id,
        userId: yk.user.id,
        contentHash: app.contentHash,
        signedAt: expect.any(String),
      },
    ]);
    const [cosign] = (await ctx.db.query(
      `SELECT payload FROM outbox WHERE event_type = 'application.cosign_requested'
        AND payload->>'applicationId' = $1`,
      [app.id],
    )) as { payload: Record<string, unknown> }[];
    expect(cosign.payload).toMatchObject({
      applicationId: app.id,
      roundId: round.id,
      partnershipId: partnership.id,
      signedSide: 'JP',
      awaitingSide: 'US',
    });

    const second = await sign(sd, app.id, app.contentHash).expect(200);
    expect(second.body).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) });
    expect(second.body.signatures.map((s: { side: string }) => s.side)).toEqual(['JP', 'US']);
    expect(second.headers.etag).toBe(`"${second.body.version}"`);
    // The read (its own SQL, one row) answers exactly what the write answered from its entities.
    for (const reader of [yk, sd]) {
      const read = await get(reader, `${APPLICATIONS}/${app.id}`).expect(200);
      expect(read.body).toEqual(second.body);
      expect(read.headers.etag).toBe(second.headers.etag);
    }

    const history = await get(sd, `${APPLICATIONS}/${app.id}/history`).expect(200);
    expect(history.body.data).toEqual([
      expect.objectContaining({ from: null, to: 'draft', action: 'create', actorId: yk.user.id }),
      expect.objectContaining({
        from: 'draft',
        to: 'awaiting_cosign',
        action: 'sign_first',
        actorId: yk.user.id,
      }),
      expect.objectContaining({
        from: 'awaiting_cosign',
        to: 'submitted',
        action: 'sign_second',
        actorId: sd.user.id,
      }),
    ]);

    const [submittedEvent] = (await ctx.db.query(
      `SELECT payload FROM outbox WHERE event_type = 'application.submitted'
        AND payload->>'applicationId' = $1`,
      [app.id],
    )) as { payload: Record<string, unknown> }[];
    expect(submittedEvent.payload).toMatchObject({
      applicationId: app.id,
      roundId: round.id,
      partnershipId: partnership.id,
      submittedAt: second.body.submittedAt,
      requested: app.requested,
    });
    const actions = (await ctx.db.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`,
      [app.id],
    )) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual([
      'application.created',
      'application.signed',
      'application.submitted',
    ]);

    const read = await get(sd, `${APPLICATIONS}/${app.id}`).expect(200);
    expect(read.body).toEqual(second.body);
    expect(read.headers.etag).toBe(second.headers.etag);
  });

  it('hides an application from a third city: 404 on sign, read, history, edit, withdraw', async () => {
    const { app } = await draft();
    expectProblem(await sign(os, app.id, app.contentHash), 404, 'not_found');
    expectProblem(await get(os, `${APPLICATIONS}/${app.id}`), 404, 'not_found');
    expectProblem(await get(os, `${APPLICATIONS}/${app.id}/history`), 404, 'not_found');
    const patch = await request(ctx.http)
      .patch(`${APPLICATIONS}/${app.id}`)
      .set('Authorization', os.auth)
      .send({ title: { en: 'Hijacked' } });
    expectProblem(patch, 404, 'not_found');
    expectProblem(await post(`${APPLICATIONS}/${app.id}/withdraw`, os), 404, 'not_found');
    expect(await count('SELECT count(*) AS n FROM application_signatures')).toBeGreaterThanOrEqual(
      0,
    );
    const unchanged = await get(yk, `${APPLICATIONS}/${app.id}`).expect(200);
    expect(unchanged.body).toMatchObject({ status: 'draft', signatures: [], version: app.version });
  });

  it('refuses an application for a partnership of another city (404) and an inactive one (422)', async () => {
    const round = await createRound(ctx);
    expectProblem(await create(os, bodyFor(round.id)), 404, 'not_found');
    const inactive = await createPartnership(
      ctx,
      yokohama,
      await createCity(ctx, { country: 'US' }),
    );
    await ctx.db.query(`UPDATE partnerships SET status = 'inactive' WHERE id = $1`, [inactive.id]);
    const res = await create(yk, bodyFor(round.id, { partnershipId: inactive.id }));
    expectProblem(res, 422, 'rule_violation');
    expect(
      await count('SELECT count(*) AS n FROM applications WHERE round_id = $1', [round.id]),
    ).toBe(0);
  });

  it('refuses a second signature from the same city (409)', async () => {
    const { app } = await draft();
    await sign(yk, app.id, app.contentHash).expect(200);
    const again = await sign(yk2, app.id, app.contentHash);
    expectProblem(again, 409, 'invalid_state');
    expect(again.body.detail).toMatch(/JP side already signed/);
    expect(
      await count('SELECT count(*) AS n FROM application_signatures WHERE application_id = $1', [
        app.id,
      ]),
    ).toBe(1);
  });

  it('drops the signatures on an edit, and refuses a signature on the old content', async () => {
    const { app } = await draft();
    const signed = await sign(yk, app.id, app.contentHash).expect(200);
    const edited = await request(ctx.http)
      .patch(`${APPLICATIONS}/${app.id}`)
      .set('Authorization', sd.auth)
      .set('If-Match', signed.headers.etag)
      .send({ summary: { en: 'A longer exchange.' } })
      .expect(200);
    expect(edited.body).toMatchObject({
      status: 'draft',
      signatures: [],
      summary: { en: 'A longer exchange.' },
    });
    expect(edited.body.contentHash).not.toBe(app.contentHash);
    expect(edited.body.version).toBeGreaterThan(signed.body.version);

    const stale = await sign(sd, app.id, app.contentHash);
    expectProblem(stale, 409, 'conflict');
    expect(stale.body.detail).toMatch(/changed since you read it/);

    const history = await get(yk, `${APPLICATIONS}/${app.id}/history`).expect(200);
    expect(history.body.data.at(-1)).toMatchObject({
      from: 'awaiting_cosign',
      to: 'draft',
      action: 'edit',
      actorId: sd.user.id,
    });
    const [audit] = (await ctx.db.query(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'application.updated'`,
      [app.id],
    )) as { data: Record<string, unknown> }[];
    expect(audit.data).toMatchObject({ signaturesDropped: 1, fields: ['summary'] });

    await sign(sd, app.id, edited.body.contentHash).expect(200);
  });

  it('refuses a signature one second after closesAt (422), accepts one just before', async () => {
    const { round, app } = await draft();
    await ctx.db.query(`UPDATE rounds SET closes_at = now() + interval '3 seconds' WHERE id = $1`, [
      round.id,
    ]);
    await sign(yk, app.id, app.contentHash).expect(200);
    await ctx.db.query(`UPDATE rounds SET closes_at = now() - interval '1 second' WHERE id = $1`, [
      round.id,
    ]);
    const late = await sign(sd, app.id, app.contentHash);
    expectProblem(late, 422, 'rule_violation');
    expect(late.body.detail).toMatch(/closed at/);
    const read = await get(sd, `${APPLICATIONS}/${app.id}`).expect(200);
    expect(read.body.status).toBe('awaiting_cosign');
  });

  it('refuses budget lines over maxAward, per line, per side and in total, and unbudgeted currencies (422)', async () => {
    const round = await createRound(ctx);
    const before = await applicationCount();
    const line = (side: string, amountMinor: number, currency: string) => ({
      side,
      category: 'travel',
      description: 'x',
      amountMinor,
      currency,
    });
    // USD maxAward is 1,000,000 cents; JPY maxAward is 1,500,000 yen.
    const cases = [
      [line('US', 1_000_001, 'USD')],
      [line('JP', 900_000, 'JPY'), line('JP', 600_001, 'JPY')],
      [line('JP', 600_000, 'USD'), line('US', 400_001, 'USD')],
    ];
    for (const budgetLines of cases) {
      const res = await create(yk, bodyFor(round.id, { budgetLines }));
      expectProblem(res, 422, 'rule_violation');
      expect(res.body.detail).toMatch(/maximum award/);
    }
    const usdOnly = await createRound(ctx, {
      budgets: [{ currency: 'USD', amountMinor: 5_000_000, maxAwardMinor: 1_000_000 }],
    });
    const yen = await create(yk, bodyFor(usdOnly.id, { budgetLines: [line('JP', 1000, 'JPY')] }));
    expectProblem(yen, 422, 'rule_violation');
    expect(yen.body.detail).toMatch(/no JPY budget/);
    expect(await applicationCount()).toBe(before);

    const atLimit = [line('JP', 1_000_000, 'USD'), line('US', 1_500_000, 'JPY')];
    await create(yk, bodyFor(round.id, { budgetLines: atLimit })).expect(201);
  });

  it('applies the amount rules to an edit too', async () => {
    const { app } = await draft();
    const res = await request(ctx.http)
      .patch(`${APPLICATIONS}/${app.id}`)
      .set('Authorization', yk.auth)
      .send({
        budgetLines: [
          { side: 'US', category: 'c', description: 'd', amountMinor: 2_000_000, currency: 'USD' },
        ],
      });
    expectProblem(res, 422, 'rule_violation');
    const read = await get(yk, `${APPLICATIONS}/${app.id}`).expect(200);
    expect(read.body.contentHash).toBe(app.contentHash);
  });

  it('allows one live application per partnership and round (409), a new one after withdrawal', async () => {
    const { round, app } = await draft();
    const second = await create(sd, bodyFor(round.id));
    expectProblem(second, 409, 'conflict');
    const withdrawn = await post(`${APPLICATIONS}/${app.id}/withdraw`, sd).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await create(sd, bodyFor(round.id)).expect(201);
    expect(again.body.createdBy).toBe(sd.user.id);
    expect(
      await count('SELECT count(*) AS n FROM applications WHERE round_id = $1', [round.id]),
    ).toBe(2);
  });

  it('lets the unique index decide two simultaneous first applications (one 201, one 409)', async () => {
    const round = await createRound(ctx);
    const results = await Promise.all([
      create(yk, bodyFor(round.id)),
      create(sd, bodyFor(round.id)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(
      await count('SELECT count(*) AS n FROM applications WHERE round_id = $1', [round.id]),
    ).toBe(1);
  });

  describe('illegal transitions: 409 invalid_state, nothing changed', () => {
    it('withdrawing a withdrawn application', async () => {
      const { app } = await draft();
      await post(`${APPLICATIONS}/${app.id}/withdraw`, yk).expect(200);
      const res = await post(`${APPLICATIONS}/${app.id}/withdraw`, yk);
      expectProblem(res, 409, 'invalid_state');
      expect(res.body.detail).toBe('Cannot withdraw an application that is withdrawn');
    });

    it('returning a draft, signing a submitted one, editing a submitted one', async () => {
      const { app: draftApp } = await draft();
      expectProblem(
        await post(`${APPLICATIONS}/${draftApp.id}/return`, officer, { message: 'Fix it' }),
        409,
        'invalid_state',
      );
      const { app } = await submitted();
      expectProblem(await sign(sd2, app.id, app.contentHash), 409, 'invalid_state');
      const patch = await request(ctx.http)
        .patch(`${APPLICATIONS}/${app.id}`)
        .set('Authorization', yk.auth)
        .send({ title: { en: 'Too late' } });
      expectProblem(patch, 409, 'invalid_state');
      const read = await get(yk, `${APPLICATIONS}/${app.id}`).expect(200);
      expect(read.body).toMatchObject({ status: 'submitted', version: app.version });
      expect(read.body.signatures).toHaveLength(2);
    });

    it('signing, editing or returning a withdrawn application', async () => {
      const { app } = await draft();
      await post(`${APPLICATIONS}/${app.id}/withdraw`, yk).expect(200);
      expectProblem(await sign(yk, app.id, app.contentHash), 409, 'invalid_state');
      const patch = await request(ctx.http)
        .patch(`${APPLICATIONS}/${app.id}`)
        .set('Authorization', yk.auth)
        .send({ endsOn: '2027-06-30' });
      expectProblem(patch, 409, 'invalid_state');
      expectProblem(
        await post(`${APPLICATIONS}/${app.id}/return`, admin, { message: 'No' }),
        409,
        'invalid_state',
      );
    });
  });

  it('lets an officer return a submitted application: draft, signatures dropped, message in history', async () => {
    const { app } = await submitted();
    const res = await post(`${APPLICATIONS}/${app.id}/return`, officer, {
      message: '予算の内訳を詳しく / more detail on the budget',
    }).expect(200);
    expect(res.body).toMatchObject({ status: 'draft', signatures: [], submittedAt: null });
    const history = await get(officer, `${APPLICATIONS}/${app.id}/history`).expect(200);
    expect(history.body.data.at(-1)).toEqual({
      from: 'submitted',
      to: 'draft',
      action: 'return',
      actorId: officer.user.id,
      at: expect.any(String),
      message: '予算の内訳を詳しく / more detail on the budget',
    });
    // Signable again, from scratch.
    await sign(sd, app.id, res.body.contentHash).expect(200);
    expectProblem(
      await post(`${APPLICATIONS}/${app.id}/return`, officer, { message: '' }),
      400,
      'validation_failed',
    );
  });

  it('honours If-Match on PATCH: a stale ETag → 412, nothing changed', async () => {
    const { app } = await draft();
    const first = await request(ctx.http)
      .patch(`${APPLICATIONS}/${app.id}`)
      .set('Authorization', yk.auth)
      .set('If-Match', `"${app.version}"`)
      .send({ title: { en: 'Robotics exchange, revised' } })
      .expect(200);
    expect(first.headers.etag).toBe(`"${app.version + 1}"`);
    const stale = await request(ctx.http)
      .patch(`${APPLICATIONS}/${app.id}`)
      .set('Authorization', sd.auth)
      .set('If-Match', `"${app.version}"`)
      .send({ title: { en: 'Overwritten' } });
    expectProblem(stale, 412, 'precondition_failed');
    const read = await get(yk, `${APPLICATIONS}/${app.id}`).expect(200);
    expect(read.body.title).toEqual({ en: 'Robotics exchange, revised' });
  });

  it('refuses to create in a round that is not open, not yet open, or past closesAt (422)', async () => {
    const before = await applicationCount();
    const hour = 3600_000;
    const rounds = [
      await createRound(ctx, { status: 'draft' }),
      await createRound(ctx, { status: 'closed' }),
      await createRound(ctx, { opensAt: new Date(Date.now() + hour) }),
      await createRound(ctx, {
        opensAt: new Date(Date.now() - 2 * hour),
        closesAt: new Date(Date.now() - 1000),
      }),
    ];
    const details: string[] = [];
    for (const round of rounds) {
      const res = await create(yk, bodyFor(round.id));
      expectProblem(res, 422, 'rule_violation');
      details.push(res.body.detail);
    }
    expect(details[3]).toMatch(/^The round closed at \d{4}-\d\d-\d\dT/);
    expect(await applicationCount()).toBe(before);
  });

  it('stores Japanese text exactly as given, byte for byte', async () => {
    const round = await createRound(ctx);
    const ja = '絵文字👨‍👩‍👧‍👦と🇯🇵、ｶﾀｶﾅ、が\u3099（結合文字）\u3000全角空白、𠮷野家、 前後の空白 ';
    const title = { ja };
    const summary = { en: ' café ', ja: `${ja}\n改行\tタブ` };
    const res = await create(yk, bodyFor(round.id, { title, summary })).expect(201);
    const read = await get(sd, `${APPLICATIONS}/${res.body.id}`).expect(200);
    expect(Buffer.from(read.body.title.ja, 'utf8')).toEqual(Buffer.from(ja, 'utf8'));
    expect(read.body.title).toEqual(title);
    expect(read.body.summary).toEqual(summary);
    expect(Buffer.from(read.body.summary.ja, 'utf8').equals(Buffer.from(summary.ja, 'utf8'))).toBe(
      true,
    );
    // The hash covers exactly those bytes, so the other city signs what was written.
    await sign(yk, res.body.id, res.body.contentHash).expect(200);
    await sign(sd, res.body.id, read.body.contentHash).expect(200);
  });

  it('refuses malformed bodies with 400 and writes nothing', async () => {
    const round = await createRound(ctx);
    const before = await applicationCount();
    const line = lines()[0];
    const bad: [string, Record<string, unknown>][] = [
      ['title.en', { title: { en: 'x'.repeat(301) } }],
      ['title.ja', { title: { ja: '字'.repeat(301) } }],
      ['title.en', { title: {} }],
      ['summary.en', { summary: { en: 'x'.repeat(5001) } }],
      ['budgetLines.0.category', { budgetLines: [{ ...line, category: 'c'.repeat(61) }] }],
      ['budgetLines.0.description', { budgetLines: [{ ...line, description: 'd'.repeat(501) }] }],
      ['budgetLines.0.amountMinor', { budgetLines: [{ ...line, amountMinor: 1.5 }] }],
      ['budgetLines.0.amountMinor', { budgetLines: [{ ...line, amountMinor: 0 }] }],
      ['budgetLines.0.amountMinor', { budgetLines: [{ ...line, amountMinor: '100' }] }],
      ['budgetLines.0.currency', { budgetLines: [{ ...line, currency: 'EUR' }] }],
      ['budgetLines.0.side', { budgetLines: [{ ...line, side: 'KR' }] }],
      ['budgetLines', { budgetLines: [] }],
      ['budgetLines', { budgetLines: Array.from({ length: 101 }, () => line) }],
      ['startsOn', { startsOn: '2026-02-30' }],
      ['startsOn', { startsOn: '1 April 2026' }],
      ['endsOn', { startsOn: '2026-04-02', endsOn: '2026-04-01' }],
      ['title.en', { title: { en: 'nul\u0000byte' } }],
      ['budgetLines.0.description', { budgetLines: [{ ...line, description: 'a\u0000b' }] }],
      ['status', { status: 'submitted' }],
      ['contentHash', { contentHash: 'a'.repeat(64) }],
      ['roundId', { roundId: 'not-a-uuid' }],
    ];
    for (const [field, overrides] of bad) {
      const res = await create(yk, bodyFor(round.id, overrides));
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await applicationCount()).toBe(before);
  });

  it('requires a contentHash to sign, and refuses unknown fields on every write', async () => {
    const { app } = await draft();
    expectProblem(await post(`${APPLICATIONS}/${app.id}/sign`, yk, {}), 400, 'validation_failed');
    const patch = await request(ctx.http)
      .patch(`${APPLICATIONS}/${app.id}`)
      .set('Authorization', yk.auth)
      .send({ status: 'submitted' });
    expectProblem(patch, 400, 'validation_failed');
    expectProblem(await get(yk, `${APPLICATIONS}/not-a-uuid`), 400, 'validation_failed');
    expectProblem(
      await get(yk, `${APPLICATIONS}/00000000-0000-4000-8000-000000000000`),
      404,
      'not_found',
    );
  });

  it('answers the wrong role 403 and an anonymous caller 401, writing nothing', async () => {
    const round = await createRound(ctx);
    const { app } = await draft();
    const before = await applicationCount();
    expectProblem(await create(officer, bodyFor(round.id)), 403, 'forbidden');
    expectProblem(await create(admin, bodyFor(round.id)), 403, 'forbidden');
    expectProblem(await sign(officer, app.id, app.contentHash), 403, 'forbidden');
    expectProblem(
      await post(`${APPLICATIONS}/${app.id}/return`, yk, { message: 'self' }),
      403,
      'forbidden',
    );
    expectProblem(await post(`${APPLICATIONS}/${app.id}/withdraw`, officer), 403, 'forbidden');
    const anonymous = await request(ctx.http).post(APPLICATIONS).send(bodyFor(round.id));
    expectProblem(anonymous, 401, 'unauthenticated');
    expectProblem(await request(ctx.http).get(`${APPLICATIONS}/${app.id}`), 401, 'unauthenticated');
    expect(await applicationCount()).toBe(before);
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const round = await createRound(ctx);
    const body = bodyFor(round.id);
    const first = await create(yk, body).set('Idempotency-Key', 'app-create-1').expect(201);
    const replay = await create(yk, body).set('Idempotency-Key', 'app-create-1').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(
      await count('SELECT count(*) AS n FROM applications WHERE round_id = $1', [round.id]),
    ).toBe(1);
  });

  it('lets a city user’s API key with applications:write create and sign', async () => {
    const round = await createRound(ctx);
    const keyOwner = await createUser(ctx, { role: 'city_user', cityId: yokohama.id });
    // Keys are issued by an admin and act with their user's reach.
    const issued = await request(ctx.http)
      .post('/api/v1/api-keys')
      .set('Authorization', admin.auth)
      .send({ name: 'Yokohama integration', scopes: ['applications:write'], userId: keyOwner.id })
      .expect(201);
    const key = issued.body.key as string;
    const created = await request(ctx.http)
      .post(APPLICATIONS)
      .set('X-API-Key', key)
      .send(bodyFor(round.id))
      .expect(201);
    expect(created.body.createdBy).toBe(keyOwner.id);
    const signed = await request(ctx.http)
      .post(`${APPLICATIONS}/${created.body.id}/sign`)
      .set('X-API-Key', key)
      .send({ contentHash: created.body.contentHash })
      .expect(200);
    expect(signed.body.signatures[0]).toMatchObject({ side: 'JP', userId: keyOwner.id });
  });

  describe('concurrent final signatures', () => {
    const submittedRows = (id: string) =>
      count(
        `SELECT count(*) AS n FROM application_transitions WHERE application_id = $1 AND "to" = 'submitted'`,
        [id],
      );

    it('both cities signing a draft at once: one awaiting_cosign, one submitted, one event', async () => {
      const { app } = await draft();
      const results = await Promise.all([
        sign(yk, app.id, app.contentHash),
        sign(sd, app.id, app.contentHash),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(results.map((r) => r.body.status).sort()).toEqual(['awaiting_cosign', 'submitted']);
      expect(await submittedRows(app.id)).toBe(1);
      expect(await outboxCount('application.submitted', app.id)).toBe(1);
      expect(await outboxCount('application.cosign_requested', app.id)).toBe(1);
    });

    it('two users of the awaiting city signing at once: one wins, the other gets 409', async () => {
      const { app } = await draft();
      await sign(yk, app.id, app.contentHash).expect(200);
      const results = await Promise.all([
        sign(sd2, app.id, app.contentHash),
        sign(sd3, app.id, app.contentHash),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body.code).toBe('invalid_state');
      expect(await submittedRows(app.id)).toBe(1);
      expect(await outboxCount('application.submitted', app.id)).toBe(1);
      expect(
        await count('SELECT count(*) AS n FROM application_signatures WHERE application_id = $1', [
          app.id,
        ]),
      ).toBe(2);
    });
  });
});
