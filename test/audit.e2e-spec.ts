import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { chainHash, GENESIS_HASH } from '../src/audit/audit-chain';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { AUDIT_CHAIN_LOCK, AuditSealer } from '../src/audit/audit-sealer';
import { Change, ChangeLog } from '../src/audit/change-log.service';
import type { Principal } from '../src/auth/principal';
import { Environment } from '../src/config/environment';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import type { User } from '../src/users/user.entity';
import { createTestApp, sleep, TestContext } from './support/app';
import { bearer, createUser } from './support/factories';

const asActor = (user: User): Principal => ({
  kind: 'user',
  userId: user.id,
  role: user.role,
  cityId: user.cityId,
  locale: 'en',
});

describe('audit events', () => {
  let ctx: TestContext;
  let auditor: string;
  let record: (change: Change) => Promise<AuditEvent>;

  beforeAll(async () => {
    ctx = await createTestApp();
    auditor = (await bearer(ctx, { role: 'auditor' })).auth;
    const changeLog = ctx.api.get(ChangeLog);
    // Recorded, then sealed (as a request's response waits for), then read back with its chain link.
    record = async (change) => {
      const { auditEventId } = await ctx.db.transaction((m) => changeLog.record(m, change));
      await ctx.api.get(AuditSealer).seal();
      return ctx.db.getRepository(AuditEvent).findOneByOrFail({ id: auditEventId });
    };
  });
  afterAll(() => ctx.close());

  const verify = async () =>
    (await request(ctx.http).get('/api/v1/audit-events/verify').set('Authorization', auditor))
      .body as { valid: boolean; checked: number; firstBrokenAt: string | null };

  it('chains concurrent writers into one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        record({ actor: null, action: 'test.concurrent', entity: { type: 'test', id: `c${i}` } }),
      ),
    );

    const chain = await ctx.db.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
    expect(chain).toHaveLength(30);
    chain.forEach((event, i) => {
      expect(event.seq).toBe(i + 1);
      expect(event.prevHash).toBe(i === 0 ? GENESIS_HASH : chain[i - 1].hash);
    });
    expect(await verify()).toEqual({
      valid: true,
      checked: 30,
      firstBrokenAt: null,
      firstBrokenSeq: null,
      reason: null,
    });
  });

  it('reads the chain head only once it holds the chain lock', async () => {
    const changeLog = ctx.api.get(ChangeLog);
    const events = ctx.db.getRepository(AuditEvent);
    await ctx.api.get(AuditSealer).seal();
    const recordOne = async (id: string) => {
      const entity = { type: 'test', id };
      const recorded = await ctx.db.transaction((m) =>
        changeLog.record(m, { actor: null, action: 'test.lock', entity }),
      );
      return events.findOneByOrFail({ id: recorded.auditEventId });
    };

    // Another process is mid-pass: it holds the lock (so no sealer, the app's timer included,
    // chains anything meanwhile) and seals only `later` (it read the pending events before
    // `earlier` committed), committing after this process's pass has started.
    const other = ctx.db.createQueryRunner();
    await other.connect();
    let sealing: Promise<void> | undefined;
    let earlier: AuditEvent;
    let later: AuditEvent;
    let seq: number;
    try {
      await other.startTransaction();
      await other.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      earlier = await recordOne('earlier');
      later = await recordOne('later');
      const [head] = (await other.query(
        'SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
      )) as { seq: number; hash: string }[];
      seq = (head?.seq ?? 0) + 1;
      sealing = new AuditSealer(ctx.db, ctx.api.get(Environment)).seal();
      await sleep(200);
      const prevHash = head?.hash ?? GENESIS_HASH;
      await other.query(
        'UPDATE audit_events SET seq = $2, prev_hash = $3, hash = $4 WHERE id = $1',
        [later.id, seq, prevHash, chainHash(prevHash, { ...later, seq })],
      );
      await other.commitTransaction();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }

    // Read after the other's commit, the head is `later`, and `earlier` follows it.
    await sealing;
    expect(await events.findOneByOrFail({ id: earlier.id })).toMatchObject({
      seq: seq + 1,
      prevHash: (await events.findOneByOrFail({ id: later.id })).hash,
    });
    expect(await verify()).toMatchObject({ valid: true, firstBrokenAt: null });
  });

  it('writes neither the audit event nor the outbox row when the transaction rolls back', async () => {
    const entityId = randomUUID();
    const changeLog = ctx.api.get(ChangeLog);
    await expect(
      ctx.db.transaction(async (manager) => {
        await changeLog.record(manager, {
          actor: null,
          action: 'test.rolled_back',
          entity: { type: 'test', id: entityId },
        });
        throw new Error('the change failed after recording');
      }),
    ).rejects.toThrow('the change failed after recording');

    expect(await ctx.db.getRepository(AuditEvent).countBy({ entityId })).toBe(0);
    expect(
      await ctx.db
        .getRepository(OutboxMessage)
        .createQueryBuilder('o')
        .where(`o.payload->>'entityId' = :entityId`, { entityId })
        .getCount(),
    ).toBe(0);
  });

  it('refuses to record outside a transaction', async () => {
    await expect(
      ctx.api.get(ChangeLog).record(ctx.db.manager, {
        actor: null,
        action: 'test.no_transaction',
        entity: { type: 'test', id: 'x' },
      }),
    ).rejects.toThrow(/inside a transaction/);
  });

  describe('GET /api/v1/audit-events', () => {
    let alice: User;
    let bob: User;
    const entityType = 'listing';
    const entityId: string = randomUUID();
    let events: AuditEvent[];
    let cutOff: Date;

    beforeAll(async () => {
      [alice, bob] = await Promise.all([createUser(ctx), createUser(ctx)]);
      events = [];
      const add = async (actor: User, id = entityId) =>
        events.push(
          await record({
            actor: asActor(actor),
            action: 'listing.touched',
            entity: { type: entityType, id },
            data: { by: actor.email },
          }),
        );
      await add(alice);
      await add(bob);
      await sleep(30);
      cutOff = new Date();
      await sleep(30);
      await add(alice);
      await add(bob, 'other-entity');
      await add(alice);
    });

    const list = (query: Record<string, string | number>) =>
      request(ctx.http).get('/api/v1/audit-events').query(query).set('Authorization', auditor);

    it('lists newest first with every field of the event', async () => {
      const res = await list({ entityType }).expect(200);
      expect(res.body.data.map((e: AuditEvent) => e.seq)).toEqual(
        events.map((e) => e.seq).reverse(),
      );
      const newest = events[events.length - 1];
      expect(res.body.data[0]).toEqual({
        id: newest.id,
        seq: newest.seq,
        occurredAt: newest.occurredAt.toISOString(),
        actorId: alice.id,
        actorType: 'user',
        action: 'listing.touched',
        entityType,
        entityId,
        data: { by: alice.email },
        requestId: null,
        prevHash: newest.prevHash,
        hash: newest.hash,
      });
      expect(res.body.nextCursor).toBeNull();
    });

    it('filters by entity', async () => {
      const res = await list({ entityType, entityId }).expect(200);
      expect(res.body.data.map((e: AuditEvent) => e.id)).toEqual(
        events
          .filter((e) => e.entityId === entityId)
          .map((e) => e.id)
          .reverse(),
      );
      const other = await list({ entityType, entityId: 'other-entity' }).expect(200);
      expect(other.body.data.map((e: AuditEvent) => e.id)).toEqual([events[3].id]);
    });

    it('filters by actor', async () => {
      const res = await list({ actorId: bob.id }).expect(200);
      expect(res.body.data.map((e: AuditEvent) => e.id)).toEqual([events[3].id, events[1].id]);
    });

    it('filters by time, from and to inclusive', async () => {
      const after = await list({ entityType, from: cutOff.toISOString() }).expect(200);
      expect(after.body.data.map((e: AuditEvent) => e.id)).toEqual(
        events
          .slice(2)
          .map((e) => e.id)
          .reverse(),
      );
      const before = await list({ entityType, to: cutOff.toISOString() }).expect(200);
      expect(before.body.data.map((e: AuditEvent) => e.id)).toEqual(
        events
          .slice(0, 2)
          .map((e) => e.id)
          .reverse(),
      );
      const exact = events[2].occurredAt.toISOString();
      const one = await list({ entityType, from: exact, to: exact }).expect(200);
      expect(one.body.data.map((e: AuditEvent) => e.id)).toEqual([events[2].id]);
      // No offset means UTC, not the server's zone.
      const naive = await list({ entityType, from: exact.replace('Z', '') }).expect(200);
      expect(naive.body.data.map((e: AuditEvent) => e.id)).toEqual(
        events
          .slice(2)
          .map((e) => e.id)
          .reverse(),
      );
    });

    it('pages with nextCursor until the end', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string | number> = { entityType, limit: 2 };
        if (cursor) query.cursor = cursor;
        const res = await list(query).expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.data.map((e: AuditEvent) => e.seq));
        cursor = res.body.nextCursor as string | null;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(events.map((e) => e.seq).reverse());
    });

    it('is open to admins and auditors only', async () => {
      const admin = await bearer(ctx, { role: 'admin' });
      await request(ctx.http)
        .get('/api/v1/audit-events')
        .set('Authorization', admin.auth)
        .expect(200);
      for (const role of ['city_user', 'program_officer', 'finance_officer'] as const) {
        const other = await bearer(ctx, { role });
        const res = await request(ctx.http)
          .get('/api/v1/audit-events')
          .set('Authorization', other.auth)
          .expect(403);
        expect(res.body.code).toBe('forbidden');
        await request(ctx.http)
          .get('/api/v1/audit-events/verify')
          .set('Authorization', other.auth)
          .expect(403);
      }
      const anonymous = await request(ctx.http).get('/api/v1/audit-events').expect(401);
      expect(anonymous.body.code).toBe('unauthenticated');
      await request(ctx.http).get('/api/v1/audit-events/verify').expect(401);
    });

    it.each([
      [{ from: 'notadate' }, 'from'],
      [{ to: '2025-02-30T00:00:00Z' }, 'to'],
      [{ from: '2025-W01-1' }, 'from'],
      [{ actorId: 'notauuid' }, 'actorId'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ entityType: 'x'.repeat(51) }, 'entityType'],
      [{ entityId: 'x'.repeat(101) }, 'entityId'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ from: '2025-02-01', to: '2025-01-01' }, 'from'],
      [{ sort: 'seq' }, 'sort'],
    ])('rejects the query %j with 400 naming %s', async (query, field) => {
      const res = await list(query).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('tampering', () => {
    it('refuses UPDATE and DELETE on the audit table', async () => {
      await expect(ctx.db.query(`UPDATE audit_events SET data = '{"x":1}'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(ctx.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
      expect(await verify()).toMatchObject({ valid: true });
    });

    it('reports the first event edited by hand past the trigger', async () => {
      const events = await ctx.db.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
      const victim = events[Math.floor(events.length / 2)];
      const edit = (data: Record<string, unknown>) =>
        ctx.db.transaction(async (manager) => {
          // As a superuser restoring a dump would: triggers off for this transaction only.
          await manager.query('SET LOCAL session_replication_role = replica');
          await manager.query('UPDATE audit_events SET data = $1 WHERE id = $2', [
            JSON.stringify(data),
            victim.id,
          ]);
        });

      await edit({ ...victim.data, forged: true });
      expect(await verify()).toEqual({
        valid: false,
        checked: victim.seq,
        firstBrokenAt: victim.id,
        firstBrokenSeq: victim.seq,
        reason: 'hash_mismatch',
      });

      await edit(victim.data);
      expect(await verify()).toMatchObject({ valid: true, checked: events.length });
    });
  });
});
