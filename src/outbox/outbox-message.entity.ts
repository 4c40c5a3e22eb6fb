import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * An event that starts work someone waits for (an export, a payment run): relayed and handled
 * before the notifications queued ahead of it (outbox.relay.ts). SQL over an outbox row.
 */
export const REQUEST_SUFFIX = '.requested';
export const IS_REQUEST = `event_type LIKE '%${REQUEST_SUFFIX}'`;

/**
 * A domain event written in the same transaction as the change it describes; the worker's relay
 * moves it into BullMQ (job id = this id) and stamps `enqueuedAt`. A row is never lost: until the
 * queue has it, it stays pending.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['createdAt'], { where: 'enqueued_at IS NULL' })
@Index('ix_outbox_pending_requests', ['createdAt'], {
  where: `enqueued_at IS NULL AND ${IS_REQUEST}`,
})
export class OutboxMessage {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 100 })
  eventType: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  /** The audit event recorded with it (ChangeLog); null for rows a bulk transition adds. */
  @Column('uuid', { nullable: true })
  auditEventId: string | null;

  @Column({ ...INSTANT, default: () => 'now()' })
  createdAt: Date;

  @Column({ ...INSTANT, nullable: true })
  enqueuedAt: Date | null;
}
