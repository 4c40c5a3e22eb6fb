import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Application } from '../applications/application.entity';
import { INSTANT } from '../database/columns';
import { Round } from '../rounds/round.entity';
import { AwardLine } from './award-line.entity';

export const AWARD_STATUSES = ['active', 'closed', 'cancelled'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];

/**
 * The grant an approval creates (SPEC §5.5): amounts per side and currency (`lines`), the
 * disbursement schedule, and the FX rate of the decision day for the USD total.
 */
@Entity('awards')
@Index('ix_awards_round', ['roundId', 'createdAt'])
@Index('ix_awards_jp_city', ['jpCityId', 'createdAt'])
@Index('ix_awards_us_city', ['usCityId', 'createdAt'])
export class Award {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ux_awards_application', { unique: true })
  @Column('uuid')
  applicationId: string;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('uuid')
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  @Column('uuid')
  partnershipId: string;

  @Column('uuid')
  jpCityId: string;

  @Column('uuid')
  usCityId: string;

  @OneToMany(() => AwardLine, (line) => line.award, { cascade: ['insert'] })
  lines?: AwardLine[];

  /** JPY per USD on the decision day (decimal string), when the award has a JPY part. */
  @Column('numeric', { precision: 24, scale: 10, nullable: true })
  fxRateJpyPerUsd: string | null;

  @Column('date', { nullable: true })
  fxRateEffectiveOn: string | null;

  /** Whole award in USD cents at that rate; null without a rate for a JPY part. */
  @Column('bigint', { nullable: true })
  usdTotalMinor: number | null;

  @Column('uuid')
  decidedBy: string;

  /** `active` while it runs; `closed` once every side is settled; `cancelled` by the officer. */
  @Column('varchar', { length: 20, default: 'active' })
  status: AwardStatus;

  /** The award version in force (`award_versions`); amendments move it on. */
  @Column('int', { default: 1 })
  currentVersion: number;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @Column('uuid', { nullable: true })
  cancelledBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
