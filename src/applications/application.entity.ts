import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Bilingual } from '../common/bilingual';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';
import { Partnership } from '../partnerships/partnership.entity';
import { Round } from '../rounds/round.entity';
import { ApplicationSignature } from './application-signature.entity';

export const APPLICATION_STATUSES = [
  'draft',
  'awaiting_cosign',
  'submitted',
  'in_review',
  'waitlisted',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type Side = 'JP' | 'US';

export interface BudgetLine {
  side: Side;
  category: string;
  description: string;
  amountMinor: number;
  currency: Currency;
}

/**
 * The joint application of one partnership to one round (SPEC §5.3). The partnership's two cities
 * are copied onto the row (they never change) so reach and city filters use plain indexes.
 */
@Entity('applications')
// One live application per partnership per round: withdrawn ones do not count.
@Index('ux_applications_live', ['roundId', 'partnershipId'], {
  unique: true,
  where: `status <> 'withdrawn'`,
})
@Index('ix_applications_list', ['createdAt', 'id'])
@Index('ix_applications_round', ['roundId', 'status', 'createdAt', 'id'])
@Index('ix_applications_round_list', ['roundId', 'createdAt', 'id'])
@Index('ix_applications_status', ['status', 'createdAt', 'id'])
@Index('ix_applications_partnership', ['partnershipId', 'createdAt', 'id'])
@Index('ix_applications_jp_city', ['jpCityId', 'createdAt', 'id'])
@Index('ix_applications_us_city', ['usCityId', 'createdAt', 'id'])
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  @Column('uuid')
  partnershipId: string;

  @ManyToOne(() => Partnership, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;

  @Column('uuid')
  jpCityId: string;

  @Column('uuid')
  usCityId: string;

  @Column('varchar', { length: 20, default: 'draft' })
  status: ApplicationStatus;

  @Column('jsonb')
  title: Bilingual;

  @Column('jsonb')
  summary: Bilingual;

  /** YYYY-MM-DD */
  @Column('date')
  startsOn: string;

  @Column('date')
  endsOn: string;

  @Column('jsonb', { default: [] })
  budgetLines: BudgetLine[];

  /** SHA-256 of the canonical content both cities sign; changes with every edit. */
  @Column('char', { length: 64 })
  contentHash: string;

  @Column('uuid')
  createdBy: string;

  @Column({ ...INSTANT, nullable: true })
  submittedAt: Date | null;

  @OneToMany(() => ApplicationSignature, (s) => s.application)
  signatures?: ApplicationSignature[];

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
