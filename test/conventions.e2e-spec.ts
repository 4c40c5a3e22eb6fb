import { createHmac, randomBytes } from 'node:crypto';
import request, { Response } from 'supertest';
import { User } from '../src/users/user.entity';
import { createApiReplica, createTestApp, sleep, TestContext } from './support/app';
import { bearer, createUser } from './support/factories';

const USERS = '/api/v1/users';
const ME = '/api/v1/me';

/** Every error of SPEC §3: problem+json with the request id of the response, never a stack. */
function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https:\/\//),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
      requestId: res.headers['x-request-id'],
    }),
  );
  expect(res.headers['x-request-id']).toEqual(expect.any(String));
  expect(res.text).not.toMatch(/\bstack\b|\n\s+at |\.ts:\d+/);
}

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A hand-made JWT, so the tests can forge what a real signer never would. */
function jwt(header: object, claims: object, secret: string | null): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature =
    secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const newUserBody = () => ({
  email: `conv.${randomBytes(4).toString('hex')}@test.example`,
  password: 'a long enough password',
  displayName: 'Convention Auditor',
  role: 'auditor',
  locale: 'en',
});

describe('HTTP conventions (SPEC §3)', () => {
  let ctx: TestContext;
  let admin: { user: User; auth: string };

  beforeAll(async () => {
    ctx = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
    admin = await bearer(ctx, { role: 'admin' });
  });
  afterAll(() => ctx.close());

  const userCount = () => ctx.db.getRepository(User).count();

  describe('bad input: 400 validation_failed, nothing written', () => {
    it('a NUL character anywhere in the body (PostgreSQL would refuse it)', async () => {
      const before = await userCount();
      const res = await request(ctx.http)
        .post(USERS)
        .set('Authorization', admin.auth)
        .send({ ...newUserBody(), displayName: 'evil\u0000name' });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([{ field: 'displayName', message: 'contains U+0000' }]);
      expect(await userCount()).toBe(before);
    });

    it('a lone surrogate (no Unicode character: jsonb refuses it, text would garble it)', async () => {
      const before = await userCount();
      const res = await request(ctx.http)
        .post(USERS)
        .set('Authorization', admin.auth)
        .send({ ...newUserBody(), displayName: 'evil\uD800name' });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([
        { field: 'displayName', message: 'contains a lone surrogate (not valid Unicode)' },
      ]);
      expect(await userCount()).toBe(before);
    });

    it('a NUL character in a query parameter', async () => {
      const res = await request(ctx.http)
        .get(`${USERS}?role=${encodeURIComponent('admin\u0000')}`)
        .set('Authorization', admin.auth);
      expectProblem(res, 400, 'validation_failed');
    });

    it('an explicit null for a required column on PATCH', async () => {
      const user = await createUser(ctx, { role: 'auditor' });
      const res = await request(ctx.http)
        .patch(`${USERS}/${user.id}`)
        .set('Authorization', admin.auth)
        .send({ displayName: null });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('displayName');
      const stored = await ctx.db.getRepository(User).findOneByOrFail({ id: user.id });
      expect(stored.displayName).toBe(user.displayName);
    });

    it('a malformed JSON body', async () => {
      const before = await userCount();
      const res = await request(ctx.http)
        .post(USERS)
        .set('Authorization', admin.auth)
        .set('Content-Type', 'application/json')
        .send('{"email": "x@test.example", "password": ');
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      expect(await userCount()).toBe(before);
    });

    it('an unknown field, named in errors', async () => {
      const before = await userCount();
      const res = await request(ctx.http)
        .post(USERS)
        .set('Authorization', admin.auth)
        .send({ ...newUserBody(), isSuperuser: true });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'isSuperuser' })]),
      );
      expect(await userCount()).toBe(before);
    });

    it('a body over BODY_LIMIT_BYTES', async () => {
      const before = await userCount();
      const res = await request(ctx.http)
        .post(USERS)
        .set('Authorization', admin.auth)
        .send({ ...newUserBody(), displayName: 'x'.repeat(3 * 1024) });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([{ field: 'body', message: 'too large' }]);
      expect(await userCount()).toBe(before);
    });

    it('a field too long for its column never reaches the database', async () => {
      const before = await userCount();
      const res = await request(ctx.http)
        .post(USERS)
        .set('Authorization', admin.auth)
        .send({ ...newUserBody(), displayName: 'x'.repeat(121) });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'displayName' })]),
      );
      expect(await userCount()).toBe(before);
    });
  });

  describe('credentials: 401 unauthenticated', () => {
    const claims = (overrides: object = {}) => ({
      sub: admin.user.id,
      typ: 'access',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
      ...overrides,
    });

    it('accepts a well-formed token (control for the cases below)', async () => {
      const token = jwt({ alg: 'HS256', typ: 'JWT' }, claims(), ctx.env.JWT_SECRET);
      await request(ctx.http).get(ME).set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('no token', async () => {
      expectProblem(await request(ctx.http).get(ME), 401, 'unauthenticated');
    });

    it.each<[string, () => string]>([
      [
        'a bad signature',
        () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(), 'not-the-secret-not-the-secret-00'),
      ],
      ['alg: none', () => jwt({ alg: 'none', typ: 'JWT' }, claims(), null)],
      [
        'an expired token',
        () =>
          jwt(
            { alg: 'HS256', typ: 'JWT' },
            claims({ iat: 1_600_000_000, exp: 1_600_000_900 }),
            ctx.env.JWT_SECRET,
          ),
      ],
      ['garbage', () => 'not.a.jwt'],
    ])('%s', async (_, token) => {
      const res = await request(ctx.http).get(ME).set('Authorization', `Bearer ${token()}`);
      expectProblem(res, 401, 'unauthenticated');
    });

    it('no token on a write: nothing written', async () => {
      const before = await userCount();
      const res = await request(ctx.http).post(USERS).send(newUserBody());
      expectProblem(res, 401, 'unauthenticated');
      expect(await userCount()).toBe(before);
    });
  });

  it('wrong role: 403 forbidden, nothing written', async () => {
    const auditor = await bearer(ctx, { role: 'auditor' });
    const before = await userCount();
    const res = await request(ctx.http)
      .post(USERS)
      .set('Authorization', auditor.auth)
      .send(newUserBody());
    expectProblem(res, 403, 'forbidden');
    expect(await userCount()).toBe(before);
  });

  it('unknown route: 404 not_found', async () => {
    const res = await request(ctx.http)
      .get('/api/v1/no-such-thing')
      .set('Authorization', admin.auth);
    expectProblem(res, 404, 'not_found');
  });

  it('stale If-Match on PATCH: 412 precondition_failed, nothing changed', async () => {
    const target = await createUser(ctx, { role: 'auditor' });
    const res = await request(ctx.http)
      .patch(`${USERS}/${target.id}`)
      .set('Authorization', admin.auth)
      .set('If-Match', `"${target.version + 1}"`)
      .send({ displayName: 'Renamed' });
    expectProblem(res, 412, 'precondition_failed');
    const after = await ctx.db.getRepository(User).findOneByOrFail({ id: target.id });
    expect(after).toMatchObject({ displayName: target.displayName, version: target.version });
  });

  it('Accept-Language: ja localises the title', async () => {
    const res = await request(ctx.http).get(ME).set('Accept-Language', 'ja-JP,ja;q=0.9');
    expectProblem(res, 401, 'unauthenticated');
    expect(res.body.title).toBe('認証が必要です');
  });

  it('Accept-Language: ja localises the field messages of a refused body too', async () => {
    const { auth } = await bearer(ctx, { role: 'admin' });
    const res = await request(ctx.http)
      .post(USERS)
      .set('Authorization', auth)
      .set('Accept-Language', 'ja')
      .send({ ...newUserBody(), displayName: 'x'.repeat(500), isAdmin: true });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'displayName', message: expect.stringMatching(/文字以内で入力してください$/) },
        { field: 'isAdmin', message: 'この項目は指定できません' },
      ]),
    );
  });

  it('echoes an incoming X-Request-Id in the header and the problem', async () => {
    const id = `req-${randomBytes(8).toString('hex')}`;
    const res = await request(ctx.http).get(ME).set('X-Request-Id', id);
    expect(res.headers['x-request-id']).toBe(id);
    expectProblem(res, 401, 'unauthenticated');
    expect(res.body.requestId).toBe(id);
  });

  it('replaces an X-Request-Id that does not look like one', async () => {
    const res = await request(ctx.http).get(ME).set('X-Request-Id', 'bad id\twith <tags>');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the helmet security headers', async () => {
    const res = await request(ctx.http).get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limiting (SPEC §3)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({
      env: { RATE_LIMIT_MAX: '6', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_SYNC_MS: '20' },
    });
  });
  afterAll(() => ctx.close());

  it('answers the request past the limit with 429 rate_limited and Retry-After, and counts across API processes', async () => {
    const { auth } = await bearer(ctx, { role: 'auditor' });
    const replica = await createApiReplica(ctx);
    try {
      // Three requests on each of two API processes: the client's six, the limit.
      for (const http of [ctx.http, replica.getHttpServer(), ctx.http, replica.getHttpServer()]) {
        const res = await request(http).get(ME).set('Authorization', auth);
        expect(res.status).toBe(200);
        expect(Number(res.headers['x-ratelimit-limit'])).toBe(6);
      }
      await request(ctx.http).get(ME).set('Authorization', auth).expect(200);
      await request(replica.getHttpServer()).get(ME).set('Authorization', auth).expect(200);
      // Once both have shared their counts through Redis, either refuses the seventh.
      await sleep(200);
      for (const http of [ctx.http, replica.getHttpServer()]) {
        const res = await request(http).get(ME).set('Authorization', auth);
        expectProblem(res, 429, 'rate_limited');
        const retryAfter = Number(res.headers['retry-after']);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
    } finally {
      await replica.close();
    }
  });
});

describe('the client IP behind a proxy (TRUST_PROXY)', () => {
  const limited = {
    RATE_LIMIT_MAX: '2',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_SYNC_MS: '20',
  };
  /** Two requests as each of two forwarded clients: the status of each, in order. */
  async function statuses(ctx: TestContext): Promise<number[]> {
    const found: number[] = [];
    for (const ip of ['198.51.100.7', '198.51.100.7', '198.51.100.8', '198.51.100.8']) {
      found.push((await request(ctx.http).get('/health/live').set('X-Forwarded-For', ip)).status);
    }
    return found;
  }

  it('believes a trusted proxy (loopback by default): each forwarded client has its own limit', async () => {
    const ctx = await createTestApp({ env: limited });
    try {
      expect(await statuses(ctx)).toEqual([200, 200, 200, 200]);
    } finally {
      await ctx.close();
    }
  });

  it('ignores X-Forwarded-For from a peer TRUST_PROXY does not name: one client, one limit', async () => {
    const ctx = await createTestApp({ env: { ...limited, TRUST_PROXY: '192.0.2.0/24' } });
    try {
      expect(await statuses(ctx)).toEqual([200, 200, 429, 429]);
    } finally {
      await ctx.close();
    }
  });
});
