import {
  Check,
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
import type { Side } from '../applications/application.entity';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';
import { PayeeAccount } from '../payees/payee-account.entity';
import { PaymentRun } from '../payment-runs/payment-run.entity';
import { Award } from './award.entity';
import type { TrancheRelease } from '../rounds/round.entity';

export const DISBURSEMENT_STATUSES = [
  'on_hold',
  'scheduled',
  'pending_approval',
  'approved',
  'sent',
  'paid',
  'failed',
  'cancelled',
] as const;
export type DisbursementStatus = (typeof DISBURSEMENT_STATUSES)[number];

/**
 * One tranche of an award for one side (SPEC §5.5, §5.7). Created with the award: tranches that
 * release on the award start `scheduled`, the others `on_hold` until the matching report is
 * accepted. The payout workflow (requests, approvals, payment runs) builds on this row.
 */
@Entity('disbursements')
@Index('ux_disbursements_tranche', ['awardId', 'trancheKey', 'side'], { unique: true })
@Index('ix_disbursements_status', ['status', 'currency'])
@Check('ck_disbursements_amount', '"amount_minor" > 0')
export class Disbursement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  awardId: string;

  @ManyToOne(() => Award, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  @Column('varchar', { length: 40 })
  trancheKey: string;

  /** Position of the tranche in the round's schedule (0 = first). */
  @Column('int')
  trancheIndex: number;

  @Column('varchar', { length: 30 })
  releaseOn: TrancheRelease;

  @Column('varchar', { length: 2 })
  side: Side;

  @Column('varchar', { length: 3 })
  currency: Currency;

  @Column('bigint')
  amountMinor: number;

  @Column('varchar', { length: 20 })
  status: DisbursementStatus;

  /** The payout workflow (SPEC §5.7). A request counts up on each (re-)request. */
  @Column('int', { default: 0 })
  requestSeq: number;

  @Column('uuid', { nullable: true })
  payeeAccountId: string | null;

  @ManyToOne(() => PayeeAccount, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'payee_account_id' })
  payeeAccount?: PayeeAccount | null;

  @Column('uuid', { nullable: true })
  requestedBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  requestedAt: Date | null;

  @Column('text', { nullable: true })
  rejectionReason: string | null;

  /** The bank file this disbursement went out in; set once, in the run's transaction. */
  @Index('ix_disbursements_payment_run')
  @Column('uuid', { nullable: true })
  paymentRunId: string | null;

  @ManyToOne(() => PaymentRun, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'payment_run_id' })
  paymentRun?: PaymentRun | null;

  @Column({ ...INSTANT, nullable: true })
  sentAt: Date | null;

  @Column('varchar', { length: 100, nullable: true })
  bankReference: string | null;

  @Column('text', { nullable: true })
  failureReason: string | null;

  @Column('uuid', { nullable: true })
  settledBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  settledAt: Date | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
