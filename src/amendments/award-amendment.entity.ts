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
import type { Side } from '../applications/application.entity';
import { Award } from '../awards/award.entity';
import type { Bilingual } from '../common/bilingual';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';

export const AMENDMENT_KINDS = ['budget_move', 'no_cost_extension', 'dates', 'scope'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/**
 * `requested` waits for the officer; `approved` and `recorded` (a budget move within the round's
 * share, in force at once) each made a new award version; `declined` and `withdrawn` made none.
 */
export const AMENDMENT_STATUSES = [
  'requested',
  'approved',
  'declined',
  'recorded',
  'withdrawn',
] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

/** Money moved from one budget category of a side to another of the same side and currency. */
export interface BudgetMove {
  side: Side;
  currency: Currency;
  fromCategory: string;
  toCategory: string;
  amountMinor: number;
}

/** What the amendment changes; which fields are present depends on `kind`. */
export interface AmendmentChanges {
  moves?: BudgetMove[];
  startsOn?: string;
  endsOn?: string;
  /** New due dates of the award's reports (an extension moves them with the end date). */
  reportsRequired?: { kind: 'interim' | 'final'; dueOn: string }[];
  scope?: Bilingual;
}

/** A city's request to change an approved grant (変更承認), and the officer's answer. */
@Entity('award_amendments')
@Index('ix_award_amendments_award', ['awardId', 'createdAt'])
@Index('ix_award_amendments_status', ['status', 'createdAt'])
// One open request per award at a time: the next one is judged against the terms it leaves.
@Index('ux_award_amendments_open', ['awardId'], { unique: true, where: `status = 'requested'` })
export class AwardAmendment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  awardId: string;

  @ManyToOne(() => Award, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  @Column('varchar', { length: 20 })
  kind: AmendmentKind;

  @Column('varchar', { length: 20 })
  status: AmendmentStatus;

  @Column('jsonb')
  changes: AmendmentChanges;

  @Column('jsonb')
  reason: Bilingual;

  /** The award version the request was made against. */
  @Column('int')
  baseVersion: number;

  /** The award version it made, once approved or recorded. */
  @Column('int', { nullable: true })
  resultingVersion: number | null;

  @Column('uuid')
  requestedBy: string;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decisionNote: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
