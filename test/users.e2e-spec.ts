import request from 'supertest';
import { createApiReplica, createTestApp, TestContext } from './support/app';
import { bearer, createCity, createUser } from './support/factories';

const PASSWORD = 'a long enough password';

describe('users (admin)', () => {
  let ctx: TestContext;
  let admin: Awaited<ReturnType<typeof bearer>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await bearer(ctx, { role: 'admin' });
  });
  afterAll(() => ctx.close());

  const post = (body: object, auth = admin.auth) =>
    request(ctx.http).post('/api/v1/users').set('Authorization', auth).send(body);
  const userCount = async () =>
    Number((await ctx.db.query('SELECT count(*)::int AS n FROM users'))[0].n);
  const auditOf = (entityId: string, action: string) =>
    ctx.db.query(
      'SELECT actor_id, data FROM audit_events WHERE entity_id = $1 AND action = $2 ORDER BY seq',
      [entityId, action],
    );
  const unique = () => Math.random().toString(36).slice(2, 10);
  const officer = () => ({
    email: `Officer.${unique()}@Test.Example`,
    password: PASSWORD,
    displayName: 'Officer',
    role: 'program_officer',
    locale: 'en',
  });

  it('creates a user: 201, lower-cased e-mail, ETag, no password, audited; they can log in', async () => {
    const input = officer();
    const res = await post(input).expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      id: expect.any(String),
      email: input.email.toLowerCase(),
      role: 'program_officer',
      cityId: null,
      active: true,
      version: 1,
    });
    expect(res.body).not.toHaveProperty('passwordHash');
    expect(res.body).not.toHaveProperty('password');

    const [audit] = await auditOf(res.body.id, 'user.created');
    expect(audit.actor_id).toBe(admin.user.id);
    expect(JSON.stringify(audit.data)).not.toContain(PASSWORD);
    expect(audit.data).not.toHaveProperty('passwordHash');

    await request(ctx.http)
      .post('/api/v1/auth/login')
      .send({ email: input.email, password: PASSWORD })
      .expect(200);
  });

  it('refuses a duplicate e-mail in another case with 409 conflict', async () => {
    const input = officer();
    await post(input).expect(201);
    const res = await post({ ...input, email: input.email.toUpperCase() }).expect(409);
    expect(res.body.code).toBe('conflict');
  });

  it('ties city users to one existing city and nobody else to any', async () => {
    const city = await createCity(ctx);
    const before = await userCount();
    const missing = await post({ ...officer(), role: 'city_user' }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'cityId', message: expect.any(String) }]);
    const unknown = await post({
      ...officer(),
      role: 'city_user',
      cityId: '00000000-0000-4000-8000-000000000000',
    }).expect(422);
    expect(unknown.body.code).toBe('rule_violation');
    await post({ ...officer(), cityId: city.id }).expect(400);
    expect(await userCount()).toBe(before);

    const res = await post({ ...officer(), role: 'city_user', cityId: city.id }).expect(201);
    expect(res.body.cityId).toBe(city.id);
  });

  it('stores a reviewer’s country, region and affiliations', async () => {
    const city = await createCity(ctx, { country: 'US' });
    await post({ ...officer(), role: 'reviewer' }).expect(400);
    await post({ ...officer(), role: 'reviewer', country: 'JP', region: 'US-CA' }).expect(400);
    const res = await post({
      ...officer(),
      role: 'reviewer',
      country: 'JP',
      region: 'JP-13',
      affiliations: [city.id],
    }).expect(201);
    expect(res.body).toMatchObject({ country: 'JP', region: 'JP-13', affiliations: [city.id] });
  });

  it('rejects invalid bodies with 400 and writes nothing', async () => {
    const before = await userCount();
    for (const body of [
      { ...officer(), password: 'too short' },
      { ...officer(), email: 'not-an-email' },
      { ...officer(), role: 'superuser' },
      { ...officer(), locale: 'fr' },
      { ...officer(), displayName: 'x'.repeat(121) },
      { ...officer(), passwordHash: 'x' },
      { ...officer(), version: 7 },
      { ...officer(), affiliations: ['not-a-uuid'] },
    ]) {
      const res = await post(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await userCount()).toBe(before);
  });

  it('lets only admins write, admins and auditors read, nobody anonymous', async () => {
    const po = await bearer(ctx, { role: 'program_officer' });
    const auditor = await bearer(ctx, { role: 'auditor' });
    expect((await post(officer(), po.auth).expect(403)).body.code).toBe('forbidden');
    await post(officer(), auditor.auth).expect(403);
    await request(ctx.http).post('/api/v1/users').send(officer()).expect(401);
    await request(ctx.http).get('/api/v1/users').expect(401);
    await request(ctx.http).get('/api/v1/users').set('Authorization', po.auth).expect(403);
    await request(ctx.http).get('/api/v1/users').set('Authorization', auditor.auth).expect(200);
    await request(ctx.http)
      .get(`/api/v1/users/${po.user.id}`)
      .set('Authorization', auditor.auth)
      .expect(200);
    await request(ctx.http)
      .patch(`/api/v1/users/${po.user.id}`)
      .set('Authorization', auditor.auth)
      .send({ displayName: 'x' })
      .expect(403);
    await request(ctx.http)
      .post(`/api/v1/users/${po.user.id}/deactivate`)
      .set('Authorization', po.auth)
      .expect(403);
  });

  it('lists with filters and keyset pages', async () => {
    const city = await createCity(ctx);
    const a = await createUser(ctx, { role: 'city_user', cityId: city.id });
    const b = await createUser(ctx, { role: 'city_user', cityId: city.id });
    await createUser(ctx, { role: 'city_user', cityId: city.id, active: false });
    const list = (query: string) =>
      request(ctx.http).get(`/api/v1/users?${query}`).set('Authorization', admin.auth).expect(200);

    const first = await list(`cityId=${city.id}&active=true&limit=1`);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(
      `cityId=${city.id}&active=true&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.data, ...second.body.data].map((u: { id: string }) => u.id);
    expect(ids.sort()).toEqual([a.id, b.id].sort());
    expect(JSON.stringify(first.body)).not.toContain('passwordHash');

    const inactive = await list(`cityId=${city.id}&active=false`);
    expect(inactive.body.data).toHaveLength(1);
    const auditors = await list('role=city_user&limit=200');
    expect(auditors.body.data.every((u: { role: string }) => u.role === 'city_user')).toBe(true);

    await request(ctx.http)
      .get('/api/v1/users?role=king')
      .set('Authorization', admin.auth)
      .expect(400);
    await request(ctx.http)
      .get('/api/v1/users?active=maybe')
      .set('Authorization', admin.auth)
      .expect(400);
  });

  it('reads one user with its ETag; unknown id 404, malformed id 400', async () => {
    const user = await createUser(ctx);
    const res = await request(ctx.http)
      .get(`/api/v1/users/${user.id}`)
      .set('Authorization', admin.auth)
      .expect(200);
    expect(res.headers.etag).toBe(`"${user.version}"`);
    expect(res.body.id).toBe(user.id);
    await request(ctx.http)
      .get('/api/v1/users/00000000-0000-4000-8000-000000000000')
      .set('Authorization', admin.auth)
      .expect(404);
    const bad = await request(ctx.http)
      .get('/api/v1/users/not-a-uuid')
      .set('Authorization', admin.auth)
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('updates with If-Match: stale 412, fresh 200 with a new ETag; audited', async () => {
    const user = await createUser(ctx, { role: 'program_officer' });
    const patch = (body: object, ifMatch?: string) => {
      const req = request(ctx.http)
        .patch(`/api/v1/users/${user.id}`)
        .set('Authorization', admin.auth);
      return (ifMatch ? req.set('If-Match', ifMatch) : req).send(body);
    };
    const fresh = await patch({ displayName: 'Renamed', locale: 'ja' }, '"1"').expect(200);
    expect(fresh.headers.etag).toBe('"2"');
    expect(fresh.body).toMatchObject({ displayName: 'Renamed', locale: 'ja', version: 2 });

    const stale = await patch({ displayName: 'Lost update' }, '"1"').expect(412);
    expect(stale.body.code).toBe('precondition_failed');
    await patch({ version: 9 }).expect(400);
    await patch({ passwordHash: 'x' }).expect(400);
    await patch({ email: 'new@test.example' }).expect(400);
    await patch({ role: 'city_user' }).expect(400);

    const [audit] = await auditOf(user.id, 'user.updated');
    expect(audit.data).toEqual({ displayName: 'Renamed', locale: 'ja' });

    const city = await createCity(ctx);
    const moved = await patch({ role: 'city_user', cityId: city.id }, '"2"').expect(200);
    expect(moved.body).toMatchObject({ role: 'city_user', cityId: city.id });
    const back = await patch({ role: 'auditor' }).expect(200);
    expect(back.body).toMatchObject({ role: 'auditor', cityId: null });

    await patch({ password: 'a brand new password' }).expect(200);
    const updates = await auditOf(user.id, 'user.updated');
    expect(updates.at(-1).data).toEqual({ passwordChanged: true });
    await request(ctx.http)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'a brand new password' })
      .expect(200);

    await request(ctx.http)
      .patch('/api/v1/users/00000000-0000-4000-8000-000000000000')
      .set('Authorization', admin.auth)
      .send({ displayName: 'x' })
      .expect(404);
  });

  it('refuses an admin changing their own role', async () => {
    const res = await request(ctx.http)
      .patch(`/api/v1/users/${admin.user.id}`)
      .set('Authorization', admin.auth)
      .send({ role: 'auditor' })
      .expect(422);
    expect(res.body.code).toBe('rule_violation');
  });

  it('deactivates once (then 409), never oneself (422); audited', async () => {
    const user = await createUser(ctx, { role: 'finance_officer' });
    const deactivate = (id: string) =>
      request(ctx.http).post(`/api/v1/users/${id}/deactivate`).set('Authorization', admin.auth);
    const res = await deactivate(user.id).expect(200);
    expect(res.body.active).toBe(false);
    expect(res.headers.etag).toBe('"2"');
    expect((await deactivate(user.id).expect(409)).body.code).toBe('invalid_state');
    expect((await deactivate(admin.user.id).expect(422)).body.code).toBe('rule_violation');
    await deactivate('00000000-0000-4000-8000-000000000000').expect(404);
    await deactivate('nope').expect(400);
    const audit = await auditOf(user.id, 'user.deactivated');
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(admin.user.id);
  });
});

describe('bootstrap admin', () => {
  const email = 'First.Admin@Grants.Example';
  const password = 'bootstrap admin password';
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({
      env: { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password },
    });
  });
  afterAll(() => ctx.close());

  it('creates the first admin at start-up, once however many instances boot; it can log in', async () => {
    const [first] = await ctx.db.query(`SELECT email, active FROM users WHERE role = 'admin'`);
    expect(first).toEqual({ email: email.toLowerCase(), active: true });

    // With no active admin left, two replicas start at once: exactly one creates it.
    await ctx.db.query(`UPDATE users SET active = false, email = 'old.admin@grants.example'`);
    const apps = await Promise.all([createApiReplica(ctx), createApiReplica(ctx)]);
    try {
      const admins = await ctx.db.query(
        `SELECT email, active FROM users WHERE role = 'admin' ORDER BY created_at`,
      );
      expect(admins).toEqual([
        { email: 'old.admin@grants.example', active: false },
        { email: email.toLowerCase(), active: true },
      ]);
      const created = await ctx.db.query(
        `SELECT actor_id, data FROM audit_events WHERE action = 'user.created' ORDER BY seq`,
      );
      expect(created).toHaveLength(2);
      expect(created.every((e: { actor_id: string | null }) => e.actor_id === null)).toBe(true);
      expect(JSON.stringify(created)).not.toContain(password);

      const res = await request(ctx.http)
        .post('/api/v1/auth/login')
        .send({ email, password })
        .expect(200);
      const me = await request(ctx.http)
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({ email: email.toLowerCase(), role: 'admin' });
    } finally {
      // Closed last: Passport strategies are process-global, the latest app's are the live ones.
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});
