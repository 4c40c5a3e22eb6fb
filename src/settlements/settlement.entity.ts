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
import { Award } from '../awards/award.entity';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';

export const SETTLEMENT_STATUSES = ['draft', 'confirmed'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** One budget category as settlement counted it. */
export interface SettlementCategory {
  category: string;
  /** The award version's approved budget for it (0 for a category not in the budget). */
  budgetMinor: number;
  spentMinor: number;
  /** Spent, less excluded expenses, up to the approved budget. */
  eligibleMinor: number;
}

/** An expense of the final report the officer excluded, by its position in the report. */
export interface ExcludedExpense {
  index: number;
  reason: string;
}

/**
 * 額の確定 for one side of an award (issue 17): from the accepted final report's expenses, the
 * confirmed amount = min(awarded, eligible × the round's subsidy rate rounded down to its unit,
 * the round's cap). A draft is recomputed until the officer confirms it; confirming settles the
 * side: the balance (confirmed − paid) is paid as one more disbursement, or a refund is due.
 */
@Entity('settlements')
@Index('ux_settlements_side', ['awardId', 'side'], { unique: true })
@Index('ix_settlements_status', ['status', 'createdAt'])
@Check('ck_settlements_amounts', '"confirmed_minor" >= 0 AND "confirmed_minor" <= "awarded_minor"')
export class Settlement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  awardId: string;

  @ManyToOne(() => Award, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  @Column('varchar', { length: 2 })
  side: Side;

  @Column('varchar', { length: 3 })
  currency: Currency;

  /** The accepted final report the expenses come from. */
  @Column('uuid')
  reportId: string;

  /** The award version whose amounts and budget were applied. */
  @Column('int')
  awardVersion: number;

  @Column('bigint')
  awardedMinor: number;

  @Column('bigint')
  spentMinor: number;

  @Column('bigint')
  eligibleMinor: number;

  /** Basis points: 10000 = 100 %. */
  @Column('int')
  subsidyRateBp: number;

  /** Amounts are rounded down to a multiple of this (e.g. ¥1,000); 1 = no rounding. */
  @Column('bigint')
  roundingUnitMinor: number;

  @Column('bigint', { nullable: true })
  capMinor: number | null;

  @Column('bigint')
  confirmedMinor: number;

  /** Paid to the side when confirmed (disbursements `paid`). */
  @Column('bigint', { default: 0 })
  paidMinor: number;

  /** confirmed − paid: above 0 the balance to pay, below 0 the refund due. */
  @Column('bigint', { default: 0 })
  balanceMinor: number;

  @Column('jsonb')
  categories: SettlementCategory[];

  @Column('jsonb', { default: [] })
  excluded: ExcludedExpense[];

  @Column('varchar', { length: 20, default: 'draft' })
  status: SettlementStatus;

  @Column('uuid')
  computedBy: string;

  @Column('uuid', { nullable: true })
  confirmedBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  confirmedAt: Date | null;

  /** The balance's disbursement, when the balance was positive. */
  @Column('uuid', { nullable: true })
  balanceDisbursementId: string | null;

  /** The refund due, when the balance was negative. */
  @Column('uuid', { nullable: true })
  refundId: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
