import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../../../database/columns';

/**
 * One `Idempotency-Key` of one principal (SPEC §3): the request it was first used with (hash),
 * and once finished the response to replay. Kept for IDEMPOTENCY_TTL_HOURS.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKey {
  /** `user:<id>`, `api_key:<id>` or `anonymous:<ip>`. */
  @PrimaryColumn('varchar', { length: 120 })
  principal: string;

  @PrimaryColumn('varchar', { length: 255 })
  key: string;

  /** SHA-256 of method, path and canonical body. */
  @Column('char', { length: 64 })
  requestHash: string;

  @Column('varchar', { length: 20 })
  state: 'in_flight' | 'completed';

  @Column('int', { nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: unknown;

  @Column('jsonb', { nullable: true })
  responseHeaders: Record<string, string> | null;

  @Column({ ...INSTANT, default: () => 'now()' })
  createdAt: Date;

  /** While in flight: when the claim lapses (a crashed process must not block the key forever). */
  @Column(INSTANT)
  lockedUntil: Date;

  @Column(INSTANT)
  expiresAt: Date;
}
