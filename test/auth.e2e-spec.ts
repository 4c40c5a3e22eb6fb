import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createTestApp, TestContext } from './support/app';
import { bearer, createUser, TEST_PASSWORD, tokenFor } from './support/factories';

/** Each test logs in from an IP of its own, so the per-IP failure counter never couples tests. */
let ipSeq = 0;
const nextIp = () => `203.0.113.${++ipSeq}`;

const withoutRequestId = (body: Record<string, unknown>) => {
  const { requestId: _requestId, ...rest } = body;
  return rest;
};

describe('auth: login, refresh, /me', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const login = (email: string, password: string, ip = nextIp()) =>
    request(ctx.http)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email, password });
  const refresh = (refreshToken: string) =>
    request(ctx.http).post('/api/v1/auth/refresh').send({ refreshToken });
  const me = (auth: string) => request(ctx.http).get('/api/v1/me').set('Authorization', auth);

  it('logs in with any-case e-mail and returns tokens that work on /me', async () => {
    const user = await createUser(ctx, { role: 'program_officer', locale: 'ja' });
    const res = await login(user.email.toUpperCase(), TEST_PASSWORD).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
    });
    const profile = await me(`Bearer ${res.body.accessToken}`).expect(200);
    expect(profile.body).toEqual({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: 'program_officer',
      cityId: null,
      locale: 'ja',
    });
    const [stored] = await ctx.db.query(
      'SELECT token_hash FROM refresh_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(res.body.refreshToken);
    const audit = await ctx.db.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'auth.logged_in'`,
      [user.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('answers a wrong password, an unknown e-mail and a deactivated user identically', async () => {
    const user = await createUser(ctx);
    const inactive = await createUser(ctx, { active: false });
    const wrongPassword = await login(user.email, 'not the password at all').expect(401);
    const unknownEmail = await login('nobody.here@test.example', TEST_PASSWORD).expect(401);
    const deactivated = await login(inactive.email, TEST_PASSWORD).expect(401);
    expect(wrongPassword.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(withoutRequestId(wrongPassword.body)).toEqual(withoutRequestId(unknownEmail.body));
    expect(withoutRequestId(deactivated.body)).toEqual(withoutRequestId(unknownEmail.body));
    expect(wrongPassword.body.code).toBe('unauthenticated');
  });

  it('locks an e-mail after 5 failures: 429 with Retry-After, even with the right password', async () => {
    const user = await createUser(ctx);
    for (let i = 0; i < 5; i++) await login(user.email, `wrong password ${i}`).expect(401);
    const locked = await login(user.email, 'wrong password 6').expect(429);
    expect(locked.body.code).toBe('rate_limited');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // From another IP and with the right password: the address itself is locked.
    await login(user.email.toUpperCase(), TEST_PASSWORD).expect(429);
  });

  it('locks an IP after 20 failures, whatever e-mails it tries; other IPs are unaffected', async () => {
    const user = await createUser(ctx);
    const ip = nextIp();
    for (let i = 0; i < 20; i++) {
      await login(`unknown${i}@test.example`, 'whatever password', ip).expect(401);
    }
    const locked = await login(user.email, TEST_PASSWORD, ip).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await login(user.email, TEST_PASSWORD).expect(200);
  });

  it('refuses a malformed login body with 400 validation_failed', async () => {
    await request(ctx.http).post('/api/v1/auth/login').send({ email: 'a@b.c' }).expect(400);
    const extra = await request(ctx.http)
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.c', password: 'x', admin: true })
      .expect(400);
    expect(extra.body.code).toBe('validation_failed');
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole family', async () => {
    const user = await createUser(ctx);
    const first = (await login(user.email, TEST_PASSWORD).expect(200)).body;
    const second = (await refresh(first.refreshToken).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await me(`Bearer ${second.accessToken}`).expect(200);

    const reuse = await refresh(first.refreshToken).expect(401);
    expect(reuse.body.code).toBe('unauthenticated');
    // The token the rotation issued belongs to the same family and is revoked with it.
    await refresh(second.refreshToken).expect(401);

    const rows = await ctx.db.query('SELECT revoked_at FROM refresh_tokens WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);
    const audit = await ctx.db.query(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'auth.refresh_token_reused'`,
      [user.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].data.revokedTokens).toBe(2);

    // Another session (another family) of the same user is untouched.
    const other = (await login(user.email, TEST_PASSWORD).expect(200)).body;
    await refresh(other.refreshToken).expect(200);
  });

  it('lets exactly one of two concurrent refreshes of one token succeed', async () => {
    const user = await createUser(ctx);
    const { refreshToken } = (await login(user.email, TEST_PASSWORD).expect(200)).body;
    const results = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses unknown, expired and logged-out refresh tokens', async () => {
    await refresh('not-a-token-we-issued').expect(401);
    await request(ctx.http).post('/api/v1/auth/refresh').send({}).expect(400);

    const user = await createUser(ctx);
    const expiring = (await login(user.email, TEST_PASSWORD).expect(200)).body;
    await ctx.db.query(
      `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    await refresh(expiring.refreshToken).expect(401);

    const session = (await login(user.email, TEST_PASSWORD).expect(200)).body;
    await request(ctx.http)
      .post('/api/v1/auth/logout')
      .send({ refreshToken: session.refreshToken })
      .expect(204);
    await refresh(session.refreshToken).expect(401);
  });

  it('refuses /me without credentials, with a forged or non-access token', async () => {
    const user = await createUser(ctx);
    expect((await request(ctx.http).get('/api/v1/me').expect(401)).body.code).toBe(
      'unauthenticated',
    );
    await me('Bearer not.a.jwt').expect(401);
    const forged = new JwtService({ secret: 'another-secret-that-is-long-enough-0123' }).sign({
      sub: user.id,
      typ: 'access',
    });
    await me(`Bearer ${forged}`).expect(401);
    const wrongType = ctx.api.get(JwtService).sign({ sub: user.id, typ: 'refresh' });
    await me(`Bearer ${wrongType}`).expect(401);
    await me(`Bearer ${tokenFor(ctx, user)}`).expect(200);
  });

  it('stops every credential of a deactivated user at once', async () => {
    const admin = await bearer(ctx, { role: 'admin' });
    const user = await createUser(ctx, { role: 'program_officer' });
    const session = (await login(user.email, TEST_PASSWORD).expect(200)).body;
    // A second key of the user, straight in the table: deactivation revokes them all.
    await ctx.db.query(
      `INSERT INTO api_keys (user_id, name, prefix, key_hash, scopes)
       VALUES ($1, 'k', 'placeholder', repeat('0', 64), '{awards:read}') RETURNING id`,
      [user.id],
    );
    const created = await request(ctx.http)
      .post('/api/v1/api-keys')
      .set('Authorization', admin.auth)
      .send({ name: 'integration', scopes: ['awards:read'], userId: user.id })
      .expect(201);
    const key: string = created.body.key;
    await me(`Bearer ${session.accessToken}`).expect(200);
    await request(ctx.http).get('/api/v1/me').set('X-API-Key', key).expect(200);

    await request(ctx.http)
      .post(`/api/v1/users/${user.id}/deactivate`)
      .set('Authorization', admin.auth)
      .expect(200);

    await me(`Bearer ${session.accessToken}`).expect(401);
    await refresh(session.refreshToken).expect(401);
    await request(ctx.http).get('/api/v1/me').set('X-API-Key', key).expect(401);
    await login(user.email, TEST_PASSWORD).expect(401);
    const keys = await ctx.db.query('SELECT revoked_at FROM api_keys WHERE user_id = $1', [
      user.id,
    ]);
    expect(keys.map((k: { revoked_at: Date | null }) => k.revoked_at !== null)).toEqual([
      true,
      true,
    ]);
  });
});
