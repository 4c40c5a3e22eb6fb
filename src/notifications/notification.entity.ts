import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { INSTANT } from '../database/columns';
import type { NotificationStatus } from './delivery';

/**
 * One e-mail for one event to one user (SPEC §5.11). The unique key is what makes "never two
 * e-mails for one event" hold across retries and workers: the row is claimed before sending.
 */
@Entity('notifications')
@Index('ux_notifications_once', ['eventId', 'recipientId', 'template'], { unique: true })
@Index('ix_notifications_recipient', ['recipientId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The outbox id of the event that caused it. */
  @Column('uuid')
  eventId: string;

  @Column('uuid')
  recipientId: string;

  @Column('varchar', { length: 254 })
  email: string;

  @Column('varchar', { length: 60 })
  template: string;

  @Column('varchar', { length: 2 })
  locale: 'en' | 'ja';

  /** At most once (`delivery.ts`): `uncertain` may or may not have been delivered, never resent. */
  @Column('varchar', { length: 20, default: 'pending' })
  status: NotificationStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('varchar', { length: 300, nullable: true })
  messageId: string | null;

  /** Why it is not `sent`; while `sending`, the job, attempt and time that claimed it. */
  @Column('text', { nullable: true })
  error: string | null;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @Column({ ...INSTANT, nullable: true })
  sentAt: Date | null;
}
