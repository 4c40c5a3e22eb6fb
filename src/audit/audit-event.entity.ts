import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * Append-only, hash-chained record of every state change (SPEC §5.11):
 * `hash = SHA-256(prevHash ‖ canonical event)`. An event is written with the change it records,
 * unsealed (no `seq`, `prevHash`, `hash`); the sealer (audit-sealer.ts) then gives it its place in
 * the chain, once. Nothing else is ever updated or deleted (a trigger refuses it); `seq` orders
 * the chain.
 */
@Entity('audit_events')
@Index('ix_audit_events_unsealed', ['occurredAt', 'id'], { where: 'seq IS NULL' })
@Check(
  'ck_audit_events_sealed',
  '(seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL)',
)
@Index('ix_audit_events_entity', ['entityType', 'entityId', 'seq'])
@Index('ix_audit_events_actor', ['actorId', 'seq'])
@Index('ix_audit_events_occurred_at', ['occurredAt'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  id: string;

  /** The event's place in the chain; null until sealed. */
  @Index('ux_audit_events_seq', { unique: true })
  @Column('bigint', { nullable: true })
  seq: number | null;

  @Column(INSTANT)
  occurredAt: Date;

  /** The user (or API key's user) who acted; null for the system (jobs, bootstrap). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('varchar', { length: 20 })
  actorType: 'user' | 'api_key' | 'system';

  @Column('varchar', { length: 100 })
  action: string;

  @Column('varchar', { length: 50 })
  entityType: string;

  @Column('varchar', { length: 100 })
  entityId: string;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;

  @Column('varchar', { length: 64, nullable: true })
  requestId: string | null;

  @Column('char', { length: 64, nullable: true })
  prevHash: string | null;

  @Column('char', { length: 64, nullable: true })
  hash: string | null;
}

/** An event with its place in the chain: what the audit trail lists and verifies. */
export type SealedAuditEvent = AuditEvent & { seq: number; prevHash: string; hash: string };
