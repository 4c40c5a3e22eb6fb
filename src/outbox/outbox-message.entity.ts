import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * A domain event written in the same transaction as the change it describes; the worker's relay
 * moves it into BullMQ (job id = this id) and stamps `enqueuedAt`. A row is never lost: until the
 * queue has it, it stays pending.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['createdAt'], { where: 'enqueued_at IS NULL' })
export class OutboxMessage {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 100 })
  eventType: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column({ ...INSTANT, default: () => 'now()' })
  createdAt: Date;

  @Column({ ...INSTANT, nullable: true })
  enqueuedAt: Date | null;
}
