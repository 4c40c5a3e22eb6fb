import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import type { Side } from '../applications/application.entity';
import type { Award } from '../awards/award.entity';
import type { Bilingual } from '../common/bilingual';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';
import type { RequiredReport, Tranche } from '../rounds/round.entity';

/** The approved budget of one category of one side: what settlement holds expenses against. */
export interface ApprovedBudgetLine {
  side: Side;
  category: string;
  currency: Currency;
  amountMinor: number;
}

/** An award's amount for one side in one currency (as `award_lines`, frozen in the version). */
export interface VersionAmount {
  side: Side;
  currency: Currency;
  amountMinor: number;
}

/**
 * One version of an award's terms (issue 17): version 1 is written with the award (the
 * application's budget lines scaled to the awarded amounts, its dates and summary, the round's
 * tranches and report due dates); every approved or recorded amendment writes the next one.
 * Rows are never updated: the history is the rows. `awards.current_version` names the one in force.
 */
@Entity('award_versions')
@Check('ck_award_versions_version', '"version" >= 1')
@Check('ck_award_versions_dates', '"ends_on" >= "starts_on"')
export class AwardVersion {
  @PrimaryColumn('uuid')
  awardId: string;

  @ManyToOne('Award', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  @PrimaryColumn('int')
  version: number;

  /** The amendment that made this version; null for version 1. */
  @Column('uuid', { nullable: true })
  amendmentId: string | null;

  @Column('jsonb')
  amounts: VersionAmount[];

  @Column('jsonb')
  budgetLines: ApprovedBudgetLine[];

  @Column('jsonb')
  trancheSchedule: Tranche[];

  @Column('jsonb')
  reportsRequired: RequiredReport[];

  @Column('date')
  startsOn: string;

  @Column('date')
  endsOn: string;

  /** The project's scope (the application's summary unless amended). */
  @Column('jsonb')
  scope: Bilingual;

  @Column('uuid')
  createdBy: string;

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
