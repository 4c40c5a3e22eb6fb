import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';
import type { Rail } from '../payees/payee-account.entity';

export const PAYMENT_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type PaymentRunStatus = (typeof PAYMENT_RUN_STATUSES)[number];

/**
 * One bank file (SPEC §5.7): the row is the source of truth for the job that builds it. The file
 * is stored with its SHA-256 in the same transaction that marks its disbursements `sent`.
 */
@Entity('payment_runs')
@Index('ix_payment_runs_status', ['status', 'createdAt'])
export class PaymentRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 10 })
  rail: Rail;

  @Column('varchar', { length: 3 })
  currency: Currency;

  /** YYYY-MM-DD: the effective entry date (NACHA) / transfer date (Zengin). */
  @Column('date')
  executionDate: string;

  @Column('varchar', { length: 20, default: 'queued' })
  status: PaymentRunStatus;

  @Column('int', { default: 0 })
  entryCount: number;

  @Column('bigint', { default: 0 })
  totalMinor: number;

  @Column('bytea', { nullable: true })
  file: Buffer | null;

  @Column('varchar', { length: 100, nullable: true })
  fileName: string | null;

  @Column('char', { length: 64, nullable: true })
  fileSha256: string | null;

  @Column('text', { nullable: true })
  failureReason: string | null;

  @Column('uuid')
  requestedBy: string;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @Column({ ...INSTANT, nullable: true })
  startedAt: Date | null;

  @Column({ ...INSTANT, nullable: true })
  completedAt: Date | null;
}
