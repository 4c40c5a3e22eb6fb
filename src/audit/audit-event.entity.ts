import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * Append-only, hash-chained record of every state change (SPEC §5.11):
 * `hash = SHA-256(prevHash ‖ canonical event)`. Rows are never updated or deleted (a trigger
 * refuses it); `seq` orders the chain.
 */
@Entity('audit_events')
@Index('ix_audit_events_entity', ['entityType', 'entityId', 'seq'])
@Index('ix_audit_events_actor', ['actorId', 'seq'])
@Index('ix_audit_events_occurred_at', ['occurredAt'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ux_audit_events_seq', { unique: true })
  @Column('bigint')
  seq: number;

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

  @Column('char', { length: 64 })
  prevHash: string;

  @Column('char', { length: 64 })
  hash: string;
}
