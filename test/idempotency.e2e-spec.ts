import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { IdempotencyCleanupSchedule } from '../src/common/http/idempotency/idempotency-cleanup.processor';
import { KEY_LOCK_NAMESPACE } from '../src/common/http/idempotency/idempotency-keys';
import { requestHash } from '../src/common/http/idempotency/idempotency.interceptor';
import type { Partnership } from '../src/partnerships/partnership.entity';
import { QUEUES } from '../src/queues/queues';
import { User } from '../src/users/user.entity';
import { createTestApp, drainQueues, TestContext } from './support/app';
import { bearer, createCity, createPartnership, createRound } from './support/factories';

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

describe('Idempotency-Key in the handler’s transaction (@OneTransaction: POST /applications)', () => {
  const APPLICATIONS = '/api/v1/applications';
  let ctx: TestContext;
  let partnership: Partnership;
  let city: { user: User; auth: string };

  beforeAll(async () => {
    ctx = await createTestApp();
    const jp = await createCity(ctx, { country: 'JP', nameEn: 'Kobe', region: 'JP-28' });
    const us = await createCity(ctx, { country: 'US', nameEn: 'Seattle', region: 'US-WA' });
    partnership = await createPartnership(ctx, jp, us);
    city = await bearer(ctx, { role: 'city_user', cityId: jp.id });
  });
  afterAll(() => ctx.close());

  const bodyFor = (roundId: string) => ({
    roundId,
    partnershipId: partnership.id,
    title: { en: 'Harbour twinning', ja: '港の交流' },
    summary: { en: 'Two ports meet.', ja: '二つの港が出会う。' },
    startsOn: '2027-04-01',
    endsOn: '2028-03-31',
    budgetLines: [
      {
        side: 'JP',
        category: 'travel',
        description: 'Flights',
        amountMinor: 500_000,
        currency: 'JPY',
      },
    ],
  });
  const create = (key: string, body: object) =>
    request(ctx.http)
      .post(APPLICATIONS)
      .set('Authorization', city.auth)
      .set('Idempotency-Key', key)
      .send(body);
  const principal = () => `user:${city.user.id}`;
  /** Applications of the round, and the audit events and outbox rows written for them. */
  const written = async (roundId: string) => {
    const [row] = await ctx.db.query<{ applications: number; audit: number; outbox: number }[]>(
      `SELECT (SELECT count(*)::int FROM applications WHERE round_id = $1) AS applications,
              (SELECT count(*)::int FROM audit_events WHERE action = 'application.created'
                 AND data->>'roundId' = $1::text) AS audit,
              (SELECT count(*)::int FROM outbox WHERE event_type = 'application.created'
                 AND payload->'data'->>'roundId' = $1::text) AS outbox`,
      [roundId],
    );
    return row;
  };
  const keyState = async (key: string) =>
    (
      await ctx.db.query<{ state: string }[]>(
        'SELECT state FROM idempotency_keys WHERE principal = $1 AND key = $2',
        [principal(), key],
      )
    )[0]?.state;

  it('replays the first 201 and its ETag; the change is made once', async () => {
    const round = await createRound(ctx);
    const key = newKey();
    const first = await create(key, bodyFor(round.id)).expect(201);
    const again = await create(key, bodyFor(round.id)).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(await written(round.id)).toEqual({ applications: 1, audit: 1, outbox: 1 });
    expect(await keyState(key)).toBe('completed');
  });

  it('commits the change only with its stored response: a failed store undoes it (500), a retry runs', async () => {
    const round = await createRound(ctx);
    const key = newKey();
    // Refuses to store this key's response, as a database failing at that moment would.
    await ctx.db.query(`
      CREATE FUNCTION test_refuse_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await ctx.db.query(
      `CREATE TRIGGER test_refuse_key BEFORE INSERT ON idempotency_keys
         FOR EACH ROW WHEN (NEW.key = '${key}' AND NEW.state = 'completed')
         EXECUTE FUNCTION test_refuse_key()`,
    );
    try {
      const failed = await create(key, bodyFor(round.id)).expect(500);
      expect(failed.body).toMatchObject({ code: 'internal' });
      expect(await written(round.id)).toEqual({ applications: 0, audit: 0, outbox: 0 });
      expect(await keyState(key)).toBeUndefined();
    } finally {
      await ctx.db.query('DROP TRIGGER test_refuse_key ON idempotency_keys');
      await ctx.db.query('DROP FUNCTION test_refuse_key()');
    }
    const retried = await create(key, bodyFor(round.id)).expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await written(round.id)).toEqual({ applications: 1, audit: 1, outbox: 1 });
  });

  it('refuses a key whose first request is still running (its lock held): 409, nothing written', async () => {
    const round = await createRound(ctx);
    const key = newKey();
    const holder = ctx.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT pg_advisory_xact_lock($1, hashtext($2 || E'\\n' || $3))`, [
        KEY_LOCK_NAMESPACE,
        principal(),
        key,
      ]);
      const res = await create(key, bodyFor(round.id)).expect(409);
      expect(res.body).toMatchObject({ code: 'idempotency_key_in_use' });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await written(round.id)).toEqual({ applications: 0, audit: 0, outbox: 0 });
    await create(key, bodyFor(round.id)).expect(201);
  });

  it('lets exactly one of three concurrent requests with one key write', async () => {
    const round = await createRound(ctx);
    const key = newKey();
    const responses = await Promise.all([1, 2, 3].map(() => create(key, bodyFor(round.id))));
    const ran = responses.filter(
      (r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined,
    );
    expect(ran).toHaveLength(1);
    for (const other of responses.filter((r) => r !== ran[0])) {
      if (other.status === 409) expect(other.body.code).toBe('idempotency_key_in_use');
      else expect([other.status, other.headers['idempotent-replayed']]).toEqual([201, 'true']);
    }
    expect(await written(round.id)).toEqual({ applications: 1, audit: 1, outbox: 1 });
  });

  it('refuses the key with another body (409 reused) and replays a refusal (4xx) as it was', async () => {
    const round = await createRound(ctx);
    const key = newKey();
    await create(key, bodyFor(round.id)).expect(201);
    const other = await createRound(ctx);
    const reused = await create(key, bodyFor(other.id)).expect(409);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await written(other.id)).toEqual({ applications: 0, audit: 0, outbox: 0 });

    const closed = await createRound(ctx, { closesAt: new Date(Date.now() - 60_000) });
    const refusalKey = newKey();
    const refused = await create(refusalKey, bodyFor(closed.id)).expect(422);
    const replayed = await create(refusalKey, bodyFor(closed.id)).expect(422);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(replayed.body).toEqual(refused.body);
    expect(await written(closed.id)).toEqual({ applications: 0, audit: 0, outbox: 0 });
  });

  it('takes over a key whose claim lapsed, or that expired, and runs the request', async () => {
    const round = await createRound(ctx);
    const lapsed = newKey();
    const body = bodyFor(round.id);
    await ctx.db.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, state, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() - interval '1 second', now() + interval '1 day')`,
      [principal(), lapsed, requestHash(ctx.env.JWT_SECRET, 'POST', APPLICATIONS, body)],
    );
    const res = await create(lapsed, body).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await keyState(lapsed)).toBe('completed');

    const expired = newKey();
    await ctx.db.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash, state, response_status,
                                     locked_until, expires_at)
       VALUES ($1, $2, repeat('0', 64), 'completed', 201, now() - interval '2 days',
               now() - interval '1 hour')`,
      [principal(), expired],
    );
    const other = await createRound(ctx);
    await create(expired, bodyFor(other.id)).expect(201);
    expect(await written(other.id)).toEqual({ applications: 1, audit: 1, outbox: 1 });
  });
});
