import request from 'supertest';
import { createTestApp, eventually, TestContext } from './support/app';
import { bearer, createCity, createUser } from './support/factories';

const KEY_FORMAT = /^sdg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

describe('api keys', () => {
  let ctx: TestContext;
  let admin: Awaited<ReturnType<typeof bearer>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await bearer(ctx, { role: 'admin' });
  });
  afterAll(() => ctx.close());

  const create = (body: object, auth = admin.auth) =>
    request(ctx.http).post('/api/v1/api-keys').set('Authorization', auth).send(body);
  const list = () =>
    request(ctx.http).get('/api/v1/api-keys').set('Authorization', admin.auth).expect(200);
  const keyCount = async () =>
    Number((await ctx.db.query('SELECT count(*)::int AS n FROM api_keys'))[0].n);

  it('shows the key once, stores only its hash, and never lists it', async () => {
    const res = await create({ name: 'Bank feed', scopes: ['disbursements:settle'] }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Bank feed',
      scopes: ['disbursements:settle'],
      key: expect.stringMatching(KEY_FORMAT),
      userId: admin.user.id,
      createdAt: expect.any(String),
    });
    const key: string = res.body.key;
    const [row] = await ctx.db.query('SELECT * FROM api_keys WHERE id = $1', [res.body.id]);
    // The secret is base64url, so it may itself hold '_': it is everything after `sdg_<prefix>_`.
    expect(JSON.stringify(row)).not.toContain(key.slice('sdg_'.length + 12 + 1));
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await list();
    const item = listed.body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(item).toMatchObject({ name: 'Bank feed', revokedAt: null, prefix: key.slice(4, 16) });
    expect(item).not.toHaveProperty('key');
    expect(item).not.toHaveProperty('keyHash');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(JSON.stringify(listed.body)).not.toContain(row.key_hash);

    const [audit] = await ctx.db.query(
      `SELECT actor_id, data FROM audit_events WHERE action = 'api_key.created' AND entity_id = $1`,
      [res.body.id],
    );
    expect(audit.actor_id).toBe(admin.user.id);
    expect(JSON.stringify(audit.data)).not.toContain(key);
  });

  it('authenticates X-API-Key with its user’s role and city, and records lastUsedAt', async () => {
    const city = await createCity(ctx);
    const cityUser = await createUser(ctx, { role: 'city_user', cityId: city.id });
    const res = await create({
      name: 'City ERP',
      scopes: ['applications:read', 'applications:write'],
      userId: cityUser.id,
    }).expect(201);
    const me = await request(ctx.http).get('/api/v1/me').set('X-API-Key', res.body.key).expect(200);
    expect(me.body).toMatchObject({ id: cityUser.id, role: 'city_user', cityId: city.id });

    await eventually(
      async () => {
        const [row] = await ctx.db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [
          res.body.id,
        ]);
        return row.last_used_at !== null;
      },
      5_000,
      'lastUsedAt',
    );
    const item = (await list()).body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(Date.parse(item.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses a key on a route not open to keys, even an admin’s (403)', async () => {
    const { key } = (await create({ name: 'Admin key', scopes: ['webhooks:manage'] }).expect(201))
      .body;
    const res = await request(ctx.http).get('/api/v1/users').set('X-API-Key', key).expect(403);
    expect(res.body.code).toBe('forbidden');
    await request(ctx.http)
      .post('/api/v1/api-keys')
      .set('X-API-Key', key)
      .send({ name: 'escalation', scopes: ['webhooks:manage'] })
      .expect(403);
  });

  it('refuses unknown, malformed and tampered keys (401)', async () => {
    const { key } = (await create({ name: 'k', scopes: ['awards:read'] }).expect(201)).body;
    const me = (value: string) => request(ctx.http).get('/api/v1/me').set('X-API-Key', value);
    await me('sdg_000000000000_' + 'A'.repeat(43)).expect(401);
    await me('not a key').expect(401);
    await me(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`).expect(401);
    await me(key).expect(200);
  });

  it('revokes: 204, the key stops working, a second revoke is 409; audited', async () => {
    const created = (await create({ name: 'to revoke', scopes: ['awards:read'] }).expect(201)).body;
    await request(ctx.http).get('/api/v1/me').set('X-API-Key', created.key).expect(200);
    const revoke = (id: string) =>
      request(ctx.http).delete(`/api/v1/api-keys/${id}`).set('Authorization', admin.auth);
    await revoke(created.id).expect(204);
    await request(ctx.http).get('/api/v1/me').set('X-API-Key', created.key).expect(401);
    expect((await revoke(created.id).expect(409)).body.code).toBe('invalid_state');
    await revoke('00000000-0000-4000-8000-000000000000').expect(404);
    await revoke('nope').expect(400);

    const item = (await list()).body.data.find((k: { id: string }) => k.id === created.id);
    expect(item.revokedAt).toEqual(expect.any(String));
    const audit = await ctx.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'api_key.revoked' AND entity_id = $1`,
      [created.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('validates the body and the owner, writing nothing on failure', async () => {
    const before = await keyCount();
    for (const body of [
      { name: 'x', scopes: ['everything'] },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['awards:read', 'awards:read'] },
      { name: '', scopes: ['awards:read'] },
      { name: 'x'.repeat(101), scopes: ['awards:read'] },
      { name: 'x', scopes: ['awards:read'], key: 'sdg_chosen' },
      { name: 'x', scopes: ['awards:read'], userId: 'nope' },
    ]) {
      expect((await create(body).expect(400)).body.code).toBe('validation_failed');
    }
    await create({
      name: 'x',
      scopes: ['awards:read'],
      userId: '00000000-0000-4000-8000-000000000000',
    }).expect(404);
    const inactive = await createUser(ctx, { active: false });
    await create({ name: 'x', scopes: ['awards:read'], userId: inactive.id }).expect(422);
    expect(await keyCount()).toBe(before);
  });

  it('is for admins only', async () => {
    const officer = await bearer(ctx, { role: 'finance_officer' });
    const auditor = await bearer(ctx, { role: 'auditor' });
    await create({ name: 'x', scopes: ['awards:read'] }, officer.auth).expect(403);
    await request(ctx.http).post('/api/v1/api-keys').send({ name: 'x', scopes: [] }).expect(401);
    await request(ctx.http).get('/api/v1/api-keys').expect(401);
    await request(ctx.http).get('/api/v1/api-keys').set('Authorization', auditor.auth).expect(403);
    await request(ctx.http)
      .delete('/api/v1/api-keys/00000000-0000-4000-8000-000000000000')
      .set('Authorization', officer.auth)
      .expect(403);
  });
});
