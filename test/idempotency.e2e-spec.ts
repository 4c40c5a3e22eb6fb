import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { IdempotencyCleanupSchedule } from '../src/common/http/idempotency/idempotency-cleanup.processor';
import { requestHash } from '../src/common/http/idempotency/idempotency.interceptor';
import { QUEUES } from '../src/queues/queues';
import { User } from '../src/users/user.entity';
import { createTestApp, drainQueues, TestContext } from './support/app';
import { bearer } from './support/factories';

const USERS = '/api/v1/users';

const newKey = () => `key-${randomBytes(6).toString('hex')}`;
const newUserBody = () => ({
  email: `idem.${randomBytes(4).toString('hex')}@test.example`,
  password: 'a long enough password',
  displayName: 'Idempotent Auditor',
  role: 'auditor',
  locale: 'en',
});

describe('Idempotency-Key (SPEC §3)', () => {
  let ctx: TestContext;
  let admin: { user: User; auth: string };

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    admin = await bearer(ctx, { role: 'admin' });
  });
  afterAll(() => ctx.close());

  const usersWith = (email: string) => ctx.db.getRepository(User).countBy({ email });
  const keyRow = (principal: string, key: string) =>
    ctx.db
      .query<{ state: string; request_hash: string }[]>(
        'SELECT state, request_hash FROM idempotency_keys WHERE principal = $1 AND key = $2',
        [principal, key],
      )
      .then((rows) => rows[0]);
  const post = (auth: string, key: string | undefined, body: object) => {
    const req = request(ctx.http).post(USERS).set('Authorization', auth);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };

  it('replays the first status, body and ETag without running the handler again', async () => {
    const key = newKey();
    const body = newUserBody();
    const first = await post(admin.auth, key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.headers.etag).toBeDefined();

    const second = await post(admin.auth, key, body).expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(await usersWith(body.email)).toBe(1);
    expect(await keyRow(`user:${admin.user.id}`, key)).toMatchObject({ state: 'completed' });
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const key = newKey();
    const body = newUserBody();
    await post(admin.auth, key, body).expect(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post(admin.auth, key, reordered).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await usersWith(body.email)).toBe(1);
  });

  it('refuses the same key with another body: 409 idempotency_key_reused, nothing written', async () => {
    const key = newKey();
    await post(admin.auth, key, newUserBody()).expect(201);
    const other = newUserBody();
    const res = await post(admin.auth, key, other).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    expect(await usersWith(other.email)).toBe(0);
  });

  it('refuses a key whose first request is still running: 409 idempotency_key_in_use', async () => {
    const key = newKey();
    const body = newUserBody();
    await ctx.db.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() + interval '1 minute', now() + interval '1 day')`,
      [`user:${admin.user.id}`, key, requestHash(ctx.env.JWT_SECRET, 'POST', USERS, body)],
    );
    const res = await post(admin.auth, key, body).expect(409);
    expect(res.body).toMatchObject({ code: 'idempotency_key_in_use' });
    expect(await usersWith(body.email)).toBe(0);
  });

  it('takes over a claim whose lock lapsed (the first process died) and runs the request', async () => {
    const key = newKey();
    const body = newUserBody();
    await ctx.db.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() - interval '1 second', now() + interval '1 day')`,
      [`user:${admin.user.id}`, key, requestHash(ctx.env.JWT_SECRET, 'POST', USERS, body)],
    );
    await post(admin.auth, key, body).expect(201);
    expect(await usersWith(body.email)).toBe(1);
    expect(await keyRow(`user:${admin.user.id}`, key)).toMatchObject({ state: 'completed' });
  });

  it('lets exactly one of two concurrent requests with one key write', async () => {
    const key = newKey();
    const body = newUserBody();
    const responses = await Promise.all([post(admin.auth, key, body), post(admin.auth, key, body)]);
    const ran = responses.filter(
      (r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined,
    );
    expect(ran).toHaveLength(1);
    for (const other of responses.filter((r) => r !== ran[0])) {
      // Arriving while the first runs → in use; after it finished → a replay.
      if (other.status === 409) expect(other.body.code).toBe('idempotency_key_in_use');
      else {
        expect(other.status).toBe(201);
        expect(other.headers['idempotent-replayed']).toBe('true');
      }
    }
    expect(await usersWith(body.email)).toBe(1);
  });

  it('scopes keys to the principal: another admin may use the same key', async () => {
    const key = newKey();
    await post(admin.auth, key, newUserBody()).expect(201);
    const otherAdmin = await bearer(ctx, { role: 'admin' });
    const body = newUserBody();
    const res = await post(otherAdmin.auth, key, body).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await usersWith(body.email)).toBe(1);
  });

  it('runs an expired key anew, even with another body', async () => {
    const key = newKey();
    await post(admin.auth, key, newUserBody()).expect(201);
    await ctx.db.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );
    const body = newUserBody();
    const res = await post(admin.auth, key, body).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await usersWith(body.email)).toBe(1);
    expect(await keyRow(`user:${admin.user.id}`, key)).toMatchObject({
      state: 'completed',
      request_hash: requestHash(ctx.env.JWT_SECRET, 'POST', USERS, body),
    });
  });

  it('replays a 4xx answer as the same problem document', async () => {
    const key = newKey();
    const body = { ...newUserBody(), role: 'emperor' };
    const first = await post(admin.auth, key, body).expect(400);
    expect(first.body).toMatchObject({ code: 'validation_failed' });

    const second = await post(admin.auth, key, body).expect(400);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.body).toEqual(first.body);
    expect(await usersWith(body.email)).toBe(0);
  });

  it('gives the key back after a 5xx, so a retry with it runs', async () => {
    const key = newKey();
    const body = { ...newUserBody(), displayName: 'Breaks the database' };
    // A constraint the service knows nothing about: the insert fails as an unexpected error.
    await ctx.db.query(
      `ALTER TABLE users ADD CONSTRAINT test_no_breakage CHECK (display_name <> 'Breaks the database')`,
    );
    try {
      const failed = await post(admin.auth, key, body).expect(500);
      expect(failed.body).toMatchObject({ code: 'internal' });
      expect(await keyRow(`user:${admin.user.id}`, key)).toBeUndefined();
    } finally {
      await ctx.db.query('ALTER TABLE users DROP CONSTRAINT test_no_breakage');
    }
    const retried = await post(admin.auth, key, body).expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await usersWith(body.email)).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'clé-idempotence'],
  ])('refuses an Idempotency-Key that is %s: 400, nothing written', async (_, key) => {
    const body = newUserBody();
    const res = await post(admin.auth, key, body).expect(400);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'Idempotency-Key' }],
    });
    expect(await usersWith(body.email)).toBe(0);
  });

  it('leaves POSTs without the header alone', async () => {
    const body = newUserBody();
    await post(admin.auth, undefined, body).expect(201);
    await post(admin.auth, undefined, body).expect(409);
    expect(await usersWith(body.email)).toBe(1);
  });

  it('cleanup deletes expired keys only, and is scheduled hourly', async () => {
    const principal = `user:${admin.user.id}`;
    await ctx.db.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, state, locked_until, expires_at)
       SELECT $1, 'old-' || i, repeat('0', 64), 'completed', now() - interval '2 days',
              now() - interval '1 hour'
       FROM generate_series(1, 30) AS i`,
      [principal],
    );
    const fresh = newKey();
    await post(admin.auth, fresh, newUserBody()).expect(201);

    await ctx.queue(QUEUES.maintenance).add('idempotency-cleanup', {});
    await drainQueues(ctx);
    const [{ expired }] = await ctx.db.query<{ expired: number }[]>(
      `SELECT count(*)::int AS expired FROM idempotency_keys WHERE expires_at < now()`,
    );
    expect(expired).toBe(0);
    expect(await keyRow(principal, fresh)).toMatchObject({ state: 'completed' });

    const queue = ctx.queue(QUEUES.maintenance);
    await ctx.worker!.get(IdempotencyCleanupSchedule).install();
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: 'idempotency-cleanup', every: 3600_000 }),
    ]);
    // A repeatable job always has a delayed next run; remove it so the queue can drain.
    await queue.removeJobScheduler('idempotency-cleanup');
    await drainQueues(ctx);
  });
});
