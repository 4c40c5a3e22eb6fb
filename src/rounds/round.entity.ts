import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Bilingual } from '../common/bilingual';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';
import { RoundBudget } from './round-budget.entity';

export const ROUND_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export interface RubricCriterion {
  key: string;
  label: Bilingual;
  /** Relative weight in the weighted mean (positive integer). */
  weight: number;
  maxScore: number;
}

export const TRANCHE_RELEASES = [
  'award',
  'interim_report_accepted',
  'final_report_accepted',
] as const;
export type TrancheRelease = (typeof TRANCHE_RELEASES)[number];

export interface Tranche {
  key: string;
  percent: number;
  releaseOn: TrancheRelease;
}

export interface RequiredReport {
  kind: 'interim' | 'final';
  /** YYYY-MM-DD */
  dueOn: string;
}

/**
 * How a side's grant is settled in one currency (額の確定, issue 17): the share of eligible
 * expenses the grant covers, the unit the result is rounded down to (e.g. ¥1,000) and a cap.
 */
export interface SettlementRule {
  currency: Currency;
  /** Basis points: 10000 = 100 %. */
  subsidyRateBp: number;
  /** 1 = no rounding. */
  roundingUnitMinor: number;
  capMinor?: number;
}

/** A call for proposals (SPEC §5.2): its window, budget per currency, rubric and payout rules. */
@Entity('rounds')
@Index('ix_rounds_status', ['status', 'opensAt'])
export class Round {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ux_rounds_code', { unique: true })
  @Column('varchar', { length: 40 })
  code: string;

  @Column('jsonb')
  title: Bilingual;

  @Column(INSTANT)
  opensAt: Date;

  @Column(INSTANT)
  closesAt: Date;

  @Column('jsonb', { default: [] })
  rubric: RubricCriterion[];

  @Column('int', { default: 3 })
  reviewersPerApplication: number;

  @Column('jsonb', { default: [] })
  trancheSchedule: Tranche[];

  @Column('jsonb', { default: [] })
  reportsRequired: RequiredReport[];

  @Column('varchar', { length: 20, default: 'draft' })
  status: RoundStatus;

  /** Per currency; a currency without a rule settles at 100 %, unrounded, uncapped. */
  @Column('jsonb', { default: [] })
  settlementRules: SettlementRule[];

  /**
   * A budget move of more than this share of the side's award needs the officer's approval;
   * a smaller one is recorded and in force at once.
   */
  @Column('int', { default: 20 })
  amendmentApprovalPercent: number;

  /** One row per currency: budget, maximum award, and the running committed total (paid out and refunds are summed from their rows). */
  @OneToMany(() => RoundBudget, (budget) => budget.round, { cascade: ['insert'] })
  budgets?: RoundBudget[];

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
