import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { requestContext } from '../common/http/request-context';

const RECORD = `
  WITH audit AS (
    INSERT INTO audit_events (id, occurred_at, actor_id, actor_type, action, entity_type,
                              entity_id, data, request_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9))
  INSERT INTO outbox (id, event_type, payload, audit_event_id) VALUES ($10, $11, $12::jsonb, $1)`;

/** What ChangeLog.record wrote: the audit event and the outbox row that carries it. */
export interface Recorded {
  auditEventId: string;
  outboxId: string;
  occurredAt: Date;
}

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
  /**
   * Integrators receive this change as it is: the outbox event is the action with `data` as its
   * payload (flat, like the SPEC's events), not wrapped in `{ entityType, entityId, data }`.
   */
  publish?: boolean;
}

/**
 * The one way a service records a state change (SPEC §5.11): inside the caller's transaction it
 * appends the audit event and writes the outbox row the worker relays to BullMQ, in one round
 * trip. Either both commit with the change, or neither exists. The event is chained by the
 * AuditSealer once committed (no lock here: writers never wait for one another).
 */
@Injectable()
export class ChangeLog {
  async record(manager: EntityManager, change: Change): Promise<Recorded> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`ChangeLog.record(${change.action}) must run inside a transaction`);
    }
    const actor = change.actor;
    const occurredAt = new Date();
    const data = change.data ?? {};
    const outbox =
      change.event ??
      (change.publish
        ? { type: change.action, payload: data }
        : {
            type: change.action,
            payload: { entityType: change.entity.type, entityId: change.entity.id, data },
          });
    const recorded = { auditEventId: randomUUID(), outboxId: randomUUID(), occurredAt };
    await manager.query(RECORD, [
      recorded.auditEventId,
      occurredAt,
      actor?.userId ?? null,
      actor ? actor.kind : 'system',
      change.action,
      change.entity.type,
      change.entity.id,
      JSON.stringify(data),
      requestContext.requestId() ?? null,
      recorded.outboxId,
      outbox.type,
      JSON.stringify({ ...outbox.payload, occurredAt: occurredAt.toISOString() }),
    ]);
    requestContext.markRecorded();
    return recorded;
  }
}
