import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { requestContext } from '../common/http/request-context';
import { chainHash, GENESIS_HASH } from './audit-chain';
import { AuditEvent } from './audit-event.entity';

const RECORD = `
  WITH audit AS (
    INSERT INTO audit_events (id, seq, occurred_at, actor_id, actor_type, action, entity_type,
                              entity_id, data, request_id, prev_hash, hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12))
  INSERT INTO outbox (id, event_type, payload) VALUES ($13, $14, $15::jsonb)`;

/** Serialises audit writers so the hash chain never forks (held until the transaction ends). */
const AUDIT_CHAIN_LOCK = 5_117_001;

export interface Change {
  /** Who did it; null for the system (jobs, bootstrap). */
  actor: Principal | null;
  /** What happened, `entity.verb`: `user.created`, `application.submitted` … */
  action: string;
  entity: { type: string; id: string };
  /** What changed, for the audit trail: never secrets, never full account numbers. */
  data?: Record<string, unknown>;
  /**
   * The outbox event; defaults to the action with `{ entityType, entityId, data }`. Give one when
   * integrators receive it (SPEC §5.10 event names) so its payload is the documented one.
   */
  event?: { type: string; payload: Record<string, unknown> };
}

/**
 * The value as jsonb will hand it back: `toJSON` applied (Buffer, Decimal, class instances),
 * `undefined` dropped. The hash must cover what is stored, or /verify would flag an honest row.
 */
function asStored(data: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

/**
 * The one way a service records a state change (SPEC §5.11): inside the caller's transaction it
 * appends the hash-chained audit event and writes the outbox row the worker relays to BullMQ.
 * Either both commit with the change, or neither exists.
 *
 * Call it as the last step of the transaction: the chain lock it takes is held until commit, so
 * everything after it is serialised with every other writer. The transaction must be READ
 * COMMITTED (the default): under REPEATABLE READ a snapshot taken before the lock would not see
 * the newest chain head.
 */
@Injectable()
export class ChangeLog {
  async record(manager: EntityManager, change: Change): Promise<AuditEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`ChangeLog.record(${change.action}) must run inside a transaction`);
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = (await manager.query(
      'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    )) as { seq: number; hash: string }[];

    const actor = change.actor;
    const fields = {
      id: randomUUID(),
      seq: (last?.seq ?? 0) + 1,
      occurredAt: new Date(),
      actorId: actor?.userId ?? null,
      actorType: actor ? actor.kind : 'system',
      action: change.action,
      entityType: change.entity.type,
      entityId: change.entity.id,
      data: asStored(change.data ?? {}),
      requestId: requestContext.requestId() ?? null,
    } satisfies Omit<AuditEvent, 'hash' | 'prevHash'>;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const event = manager.create(AuditEvent, {
      ...fields,
      prevHash,
      hash: chainHash(prevHash, fields),
    });
    const outbox = change.event ?? {
      type: change.action,
      payload: { entityType: change.entity.type, entityId: change.entity.id, data: fields.data },
    };
    // Both rows in one round trip: every state change of the system passes here.
    await manager.query(RECORD, [
      event.id,
      event.seq,
      event.occurredAt,
      event.actorId,
      event.actorType,
      event.action,
      event.entityType,
      event.entityId,
      JSON.stringify(event.data),
      event.requestId,
      event.prevHash,
      event.hash,
      randomUUID(),
      outbox.type,
      JSON.stringify({ ...outbox.payload, occurredAt: fields.occurredAt.toISOString() }),
    ]);
    return event;
  }
}
