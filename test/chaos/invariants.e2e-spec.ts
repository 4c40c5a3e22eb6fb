import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { AuditSealer } from '../../src/audit/audit-sealer';
import { FieldEncryption } from '../../src/common/crypto/field-encryption';
import { nachaIdentification } from '../../src/payment-runs/nacha';
import { createTestApp, drainQueues, eventually, TestContext } from '../support/app';
import { bearer } from '../support/factories';
import { seedApprovedDisbursements } from '../payment-runs.seed';
import { checkInvariants, relayCaughtUp } from './invariants';

const ENTRIES = 5;

/**
 * The chaos tests are only as good as their checker: each invariant of ./invariants.ts is broken
 * here on purpose, in SQL, and the checker must refuse the database and name what broke. Every
 * case restores what it broke and checks the database is sound again, so none leans on another.
 */
describe('chaos invariants: the checker catches each violation', () => {
  let ctx: TestContext;
  let runId: string;
  let ids: string[];

  beforeAll(async () => {
    ctx = await createTestApp({ worker: true });
    const officer = await bearer(ctx, { role: 'finance_officer' });
    ({ ids } = await seedApprovedDisbursements(ctx.db, ctx.api.get(FieldEncryption), {
      rail: 'ach',
      count: ENTRIES,
      userId: officer.user.id,
    }));
    const res = await request(ctx.http)
      .post('/api/v1/payment-runs')
      .set('Authorization', officer.auth)
      .send({ rail: 'ach', executionDate: new Date().toISOString().slice(0, 10) })
      .expect(202);
    runId = res.body.id as string;
    await eventually(
      async () => {
        const [run] = await ctx.db.query('SELECT status FROM payment_runs WHERE id = $1', [runId]);
        return run.status === 'completed';
      },
      20_000,
      'the payment run to complete',
    );
    await relayCaughtUp(ctx.db);
    await drainQueues(ctx);
    // Nothing may repair a violation behind the test's back (the relay would re-enqueue a row).
    await ctx.stopWorker();
  }, 60_000);
  afterAll(() => ctx.close());

  /** Runs `body` as a superuser would, with `trigger` of `table` off for this transaction only. */
  const withoutTrigger = (
    table: string,
    trigger: string,
    body: (manager: EntityManager) => Promise<void>,
  ) =>
    ctx.db.transaction(async (manager) => {
      await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
      await body(manager);
      await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    });

  /** After each case: the database is whole again, as the next case expects it. */
  const expectSound = () =>
    expect(checkInvariants(ctx.db, { relayed: true })).resolves.toMatchObject({
      filesChecked: 1,
      entriesChecked: ENTRIES,
    });

  it('passes on a sound database: one completed run, the relay caught up', async () => {
    const report = await checkInvariants(ctx.db, { relayed: true });
    const [{ events, rows }] = await ctx.db.query(
      `SELECT (SELECT count(*)::int FROM audit_events) AS events,
              (SELECT count(*)::int FROM outbox) AS rows`,
    );
    expect(events).toBeGreaterThan(0);
    // One payment_run.completed plus one disbursement.sent per entry, at least.
    expect(rows).toBeGreaterThanOrEqual(ENTRIES + 1);
    expect(report).toEqual({
      filesChecked: 1,
      entriesChecked: ENTRIES,
      auditEventsChecked: events,
      outboxRows: rows,
    });
  });

  it('(a) the same disbursement in a second completed run’s file', async () => {
    const [copy] = await ctx.db.query(
      `INSERT INTO payment_runs (rail, currency, execution_date, status, entry_count, total_minor,
                                 file, file_name, file_sha256, requested_by, started_at,
                                 completed_at, created_at)
       SELECT rail, currency, execution_date, 'completed', entry_count, total_minor, file,
              file_name, file_sha256, requested_by, now(), now(), created_at + interval '1 second'
         FROM payment_runs WHERE id = $1
       RETURNING id`,
      [runId],
    );
    try {
      const error = await checkInvariants(ctx.db).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      for (const id of ids) {
        expect(message).toContain(
          `entry ${nachaIdentification(id)} is in the files of runs ${runId} and ${copy.id}`,
        );
      }
      expect(message).toContain(`run ${copy.id}: file has ${ENTRIES} entries, 0 claimed`);
    } finally {
      await ctx.db.query('DELETE FROM payment_runs WHERE id = $1', [copy.id]);
    }
    await expectSound();
  });

  it('(b) an award paid beyond its amount (the trigger disabled)', async () => {
    const [target] = await ctx.db.query(
      `SELECT d.id, d.award_id, d.amount_minor, l.amount_minor AS awarded
         FROM disbursements d JOIN award_lines l ON l.award_id = d.award_id AND l.side = d.side
        WHERE d.id = $1`,
      [ids[0]],
    );
    const raise = 'UPDATE disbursements SET amount_minor = $2 WHERE id = $1';
    // The database itself refuses this while its trigger is on.
    await expect(ctx.db.query(raise, [target.id, target.awarded + 1])).rejects.toThrow(/would pay/);
    await withoutTrigger('disbursements', 'disbursements_within_award', async (manager) => {
      await manager.query(raise, [target.id, target.awarded + 1]);
    });
    try {
      await expect(checkInvariants(ctx.db)).rejects.toThrow(
        new Error(
          'invariants violated:\n' +
            `- award ${target.award_id} US pays ${target.awarded + 1} USD of ${target.awarded}`,
        ),
      );
    } finally {
      await ctx.db.query(raise, [target.id, target.amount_minor]);
    }
    await expectSound();
  });

  it('(c) an audit event without its outbox row', async () => {
    const [event] = await ctx.db.query(`SELECT id FROM audit_events ORDER BY seq LIMIT 1`);
    // A CTE, so TypeORM hands back the rows rather than [rows, count] as for a bare DELETE.
    const deleted = await ctx.db.query(
      `WITH gone AS (
         DELETE FROM outbox WHERE audit_event_id = $1
         RETURNING id, event_type, payload, audit_event_id, created_at, enqueued_at)
       SELECT * FROM gone`,
      [event.id],
    );
    try {
      expect(deleted.length).toBe(1);
      await expect(checkInvariants(ctx.db)).rejects.toThrow(
        new Error('invariants violated:\n- 1 audit events without their outbox row'),
      );
    } finally {
      for (const row of deleted) {
        await ctx.db.query(
          `INSERT INTO outbox (id, event_type, payload, audit_event_id, created_at, enqueued_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            row.id,
            row.event_type,
            row.payload,
            row.audit_event_id,
            row.created_at,
            row.enqueued_at,
          ],
        );
      }
    }
    await expectSound();
  });

  it('(c2) an audit event never sealed into the chain', async () => {
    const [event] = await ctx.db.query(
      `SELECT id, seq, prev_hash, hash FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    const unseal = `UPDATE audit_events SET seq = $2, prev_hash = $3, hash = $4 WHERE id = $1`;
    // The process's sealer would chain it again at once: stop it meanwhile.
    const sealer = ctx.api.get(AuditSealer);
    const seal = jest.spyOn(sealer, 'seal').mockResolvedValue(undefined);
    await withoutTrigger('audit_events', 'audit_events_no_update', async (manager) => {
      await manager.query(unseal, [event.id, null, null, null]);
    });
    try {
      await expect(checkInvariants(ctx.db)).rejects.toThrow(
        new Error('invariants violated:\n- 1 audit events never sealed into the chain'),
      );
    } finally {
      await withoutTrigger('audit_events', 'audit_events_no_update', async (manager) => {
        await manager.query(unseal, [event.id, event.seq, event.prev_hash, event.hash]);
      });
      seal.mockRestore();
    }
    await expectSound();
  });

  it('(d) an outbox row never relayed, when the relay should have caught up', async () => {
    const [row] = await ctx.db.query(
      `SELECT id, enqueued_at FROM outbox ORDER BY created_at DESC LIMIT 1`,
    );
    await ctx.db.query('UPDATE outbox SET enqueued_at = NULL WHERE id = $1', [row.id]);
    try {
      // Pending rows are normal while the relay runs: only `relayed: true` demands none.
      await expect(checkInvariants(ctx.db)).resolves.toBeDefined();
      await expect(checkInvariants(ctx.db, { relayed: true })).rejects.toThrow(
        new Error('invariants violated:\n- 1 outbox rows never relayed'),
      );
    } finally {
      await ctx.db.query('UPDATE outbox SET enqueued_at = $2 WHERE id = $1', [
        row.id,
        row.enqueued_at,
      ]);
    }
    await expectSound();
  });

  it('(e) a tampered audit event (the append-only trigger disabled)', async () => {
    const [event] = await ctx.db.query(
      `SELECT id, seq, data::text AS data FROM audit_events ORDER BY seq LIMIT 1`,
    );
    const rewrite = 'UPDATE audit_events SET data = $2::jsonb WHERE id = $1';
    const tampered = JSON.stringify({ ...JSON.parse(event.data), tampered: true });
    await expect(ctx.db.query(rewrite, [event.id, tampered])).rejects.toThrow(/append-only/);
    await withoutTrigger('audit_events', 'audit_events_no_update', async (manager) => {
      await manager.query(rewrite, [event.id, tampered]);
    });
    try {
      await expect(checkInvariants(ctx.db)).rejects.toThrow(
        new Error(`invariants violated:\n- audit chain broken at ${event.id}`),
      );
    } finally {
      await withoutTrigger('audit_events', 'audit_events_no_update', async (manager) => {
        await manager.query(rewrite, [event.id, event.data]);
      });
    }
    await expectSound();
  });
});
