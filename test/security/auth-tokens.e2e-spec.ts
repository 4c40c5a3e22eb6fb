import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, eventually, TestContext } from '../support/app';
import { bearer, createUser, tokenFor } from '../support/factories';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS signed with HS256 under `secret`, whatever the header claims. */
function jwt(header: object, claims: object, secret: string): string {
  const signingInput = `${b64(header)}.${b64(claims)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** Issue 9: forged, expired, revoked and malformed credentials are all 401 problems. */
describe('security: tokens and API keys (issue 9)', () => {
  let ctx: TestContext;
  let secret: string;
  let adminAuth: string;
  let adminId: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    ctx = await createTestApp();
    secret = ctx.env.JWT_SECRET;
    const admin = await bearer(ctx, { role: 'admin' });
    adminAuth = admin.auth;
    adminId = admin.user.id;
  });
  afterAll(() => ctx.close());

  const expect401 = async (headers: Record<string, string>) => {
    const res = await request(ctx.http).get('/api/v1/me').set(headers);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  };
  const issueKey = async (userId: string) => {
    const res = await request(ctx.http)
      .post('/api/v1/api-keys')
      .set('Authorization', adminAuth)
      .send({ name: 'sec', scopes: ['applications:read'], userId })
      .expect(201);
    return { id: res.body.id as string, key: res.body.key as string };
  };

  it('accepts a genuine token (control)', async () => {
    await request(ctx.http).get('/api/v1/me').set('Authorization', adminAuth).expect(200);
  });

  it('refuses alg none, a wrong key, an RS256 label, expiry, nbf, typ refresh, a deleted user', async () => {
    const claims = { sub: adminId, typ: 'access', iat: now() };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const cases = [
      unsigned,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}`,
      jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'not-the-secret-but-long-enough-0123456789'),
      jwt({ alg: 'RS256', typ: 'JWT' }, claims, secret),
      jwt({ alg: 'HS512', typ: 'JWT' }, claims, secret),
      jwt(
        { alg: 'HS256', typ: 'JWT' },
        { ...claims, iat: now() - 7200, exp: now() - 3600 },
        secret,
      ),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, nbf: now() + 3600 }, secret),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, typ: 'refresh' }, secret),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: randomUUID() }, secret),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: 'not-a-uuid' }, secret),
      jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: 42 }, secret),
    ];
    for (const token of cases) await expect401({ Authorization: `Bearer ${token}` });
  });

  it('refuses garbage, an empty Bearer and other schemes', async () => {
    for (const value of [
      'Bearer ',
      'Bearer',
      'Bearer garbage',
      'Bearer a.b.c',
      'Basic YTpi',
      'x'.repeat(8000),
    ]) {
      await expect401({ Authorization: value });
    }
  });

  it('refuses a token of a deactivated user', async () => {
    const user = await createUser(ctx, { role: 'auditor', active: false });
    await expect401({ Authorization: `Bearer ${tokenFor(ctx, user)}` });
  });

  it('refuses a revoked API key, a key of a deactivated user and a tampered secret', async () => {
    const revoked = await issueKey(adminId);
    await request(ctx.http).get('/api/v1/me').set('X-API-Key', revoked.key).expect(200);
    await request(ctx.http)
      .delete(`/api/v1/api-keys/${revoked.id}`)
      .set('Authorization', adminAuth)
      .expect((r) => expect(r.status).toBeLessThan(300));
    await expect401({ 'X-API-Key': revoked.key });

    const auditor = await createUser(ctx, { role: 'auditor' });
    const ofDeactivated = await issueKey(auditor.id);
    await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [auditor.id]);
    await expect401({ 'X-API-Key': ofDeactivated.key });

    const good = await issueKey(adminId);
    const last = good.key.slice(-1);
    await expect401({ 'X-API-Key': good.key.slice(0, -1) + (last === 'A' ? 'B' : 'A') });
    await expect401({ 'X-API-Key': good.key.slice(0, -5) });
    await expect401({ 'X-API-Key': 'sdg_' + 'f'.repeat(12) + '_' + 'A'.repeat(43) });
  });

  it('sees a role change or deactivation made elsewhere at once: cached principals drop on NOTIFY', async () => {
    const me = (auth: Record<string, string>) => request(ctx.http).get('/api/v1/me').set(auth);
    const user = await createUser(ctx, { role: 'auditor' });
    const token = { Authorization: `Bearer ${tokenFor(ctx, user)}` };
    const key = { 'X-API-Key': (await issueKey(user.id)).key };
    for (const auth of [token, key]) expect((await me(auth).expect(200)).body.role).toBe('auditor');

    // Another process (plain SQL here) changes the user: the triggers notify every API process.
    await ctx.db.query(`UPDATE users SET role = 'reviewer' WHERE id = $1`, [user.id]);
    for (const auth of [token, key]) {
      await eventually(async () => (await me(auth)).body.role === 'reviewer', 1000, 'the new role');
    }

    // With the listening connection cut, nothing stays cached: a change is seen all the same.
    await ctx.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'principal-cache'`,
    );
    await ctx.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
    for (const auth of [token, key]) {
      await eventually(async () => (await me(auth)).status === 401, 1000, 'the refusal');
    }
  });

  it('does not elevate when both a Bearer and an X-API-Key arrive', async () => {
    const auditor = await bearer(ctx, { role: 'auditor' });
    const adminKey = await issueKey(adminId);
    const res = await request(ctx.http)
      .get('/api/v1/me')
      .set('Authorization', auditor.auth)
      .set('X-API-Key', adminKey.key);
    // Bearer is tried first (AUTH_STRATEGIES order): the caller is the auditor, never the admin.
    expect(res.status).toBe(200);
    expect(res.body.id ?? res.body.userId).toBe(auditor.user.id);
    const forged = await request(ctx.http)
      .post('/api/v1/users')
      .set('Authorization', auditor.auth)
      .set('X-API-Key', adminKey.key)
      .send({});
    expect(forged.status).toBe(403);
  });
});
