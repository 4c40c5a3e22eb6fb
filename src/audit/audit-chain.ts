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

export type ChainBreak = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

/**
 * Why `event` does not follow `previous` in the chain (null when it does): seq must continue
 * without a gap from 1, prevHash must be the previous hash (the genesis hash first), and the
 * stored hash must be the one its own content gives.
 */
export function chainBreak(
  previous: Pick<AuditEvent, 'seq' | 'hash'> | null,
  event: AuditEvent,
): ChainBreak | null {
  if (event.seq !== (previous?.seq ?? 0) + 1) return 'seq_gap';
  if (event.prevHash !== (previous?.hash ?? GENESIS_HASH)) return 'prev_hash_mismatch';
  if (event.hash !== chainHash(event.prevHash, event)) return 'hash_mismatch';
  return null;
}
