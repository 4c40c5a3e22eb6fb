import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import type { AuditEvent } from './audit-event.entity';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields the hash covers: everything but the hashes themselves. */
export function canonicalEvent(event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  return canonicalJson({
    id: event.id,
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorType: event.actorType,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    data: event.data,
    requestId: event.requestId,
  });
}

/** `hash = SHA-256(prevHash ‖ canonical event)` (SPEC §5.11). */
export function chainHash(prevHash: string, event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(event)).digest('hex');
}
