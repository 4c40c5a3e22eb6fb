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

  /** One row per currency: budget, maximum award, and the running committed/disbursed totals. */
  @OneToMany(() => RoundBudget, (budget) => budget.round, { cascade: ['insert'] })
  budgets?: RoundBudget[];

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
