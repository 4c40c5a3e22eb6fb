import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * A reminder that was queued for one required report of one award (SPEC §5.8). The unique key
 * makes "one reminder per report per due date" hold whatever the number of workers: the insert
 * that wins queues the e-mail, every other one finds the row and does nothing.
 */
@Entity('report_reminders')
@Index('ux_report_reminders_once', ['awardId', 'kind', 'side', 'dueOn', 'reminderType'], {
  unique: true,
})
export class ReportReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  awardId: string;

  @Column('varchar', { length: 10 })
  kind: 'interim' | 'final';

  @Column('varchar', { length: 5 })
  side: 'JP' | 'US' | 'joint';

  @Column('date')
  dueOn: string;

  /** `due` (shortly before the date) or `overdue` (after it, nothing accepted or submitted). */
  @Column('varchar', { length: 10 })
  reminderType: 'due' | 'overdue';

  @Column(INSTANT)
  queuedAt: Date;
}
