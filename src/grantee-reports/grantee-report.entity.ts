import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Award } from '../awards/award.entity';
import type { Bilingual } from '../common/bilingual';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';

export const REPORT_STATUSES = ['draft', 'submitted', 'changes_requested', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface Expense {
  category: string;
  description: string;
  amountMinor: number;
  currency: Currency;
}

/**
 * A grantee's interim or final report for one side (or both: `joint`) of an award (SPEC §5.8).
 * Accepting it releases the matching held tranches. `dueOn` comes from the round.
 */
@Entity('grantee_reports')
@Index('ux_grantee_reports_slot', ['awardId', 'kind', 'side'], { unique: true })
@Index('ix_grantee_reports_due', ['status', 'dueOn'])
export class GranteeReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  awardId: string;

  @ManyToOne(() => Award, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  @Column('varchar', { length: 10 })
  kind: 'interim' | 'final';

  @Column('varchar', { length: 5 })
  side: 'JP' | 'US' | 'joint';

  @Column('jsonb')
  narrative: Bilingual;

  @Column('jsonb', { default: [] })
  expenses: Expense[];

  @Column('varchar', { length: 20, default: 'draft' })
  status: ReportStatus;

  @Column('date')
  dueOn: string;

  /** When the overdue job found it late (null while on time or once submitted in time). */
  @Column({ ...INSTANT, nullable: true })
  overdueAt: Date | null;

  @Column('uuid')
  createdBy: string;

  @Column({ ...INSTANT, nullable: true })
  submittedAt: Date | null;

  @Column('uuid', { nullable: true })
  reviewedBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  reviewedAt: Date | null;

  @Column('text', { nullable: true })
  changesMessage: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
