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

/** `due` until finance records it `received`, or it is `cancelled` (waived) with a reason. */
export const REFUND_STATUSES = ['due', 'received', 'cancelled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Money a city owes back (返還): the excess a settlement found, or what was paid on an award that
 * was cancelled. While one is due, the city's payouts are held.
 */
@Entity('refunds')
@Index('ix_refunds_city', ['cityId', 'status'])
@Index('ix_refunds_award', ['awardId', 'createdAt'])
@Index('ix_refunds_status', ['status', 'dueOn'])
@Check('ck_refunds_amount', '"amount_minor" > 0')
@Check('ck_refunds_received', '"received_minor" >= 0 AND "received_minor" <= "amount_minor"')
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  awardId: string;

  @ManyToOne(() => Award, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  /** The settlement that found it; null for a refund of a cancelled award. */
  @Column('uuid', { nullable: true })
  settlementId: string | null;

  /** The city that owes it (the side's city). */
  @Column('uuid')
  cityId: string;

  @Column('varchar', { length: 2 })
  side: Side;

  @Column('varchar', { length: 3 })
  currency: Currency;

  @Column('bigint')
  amountMinor: number;

  @Column('bigint', { default: 0 })
  receivedMinor: number;

  @Column('varchar', { length: 20, default: 'due' })
  status: RefundStatus;

  @Column('date')
  dueOn: string;

  @Column('date', { nullable: true })
  receivedOn: string | null;

  @Column('varchar', { length: 100, nullable: true })
  bankReference: string | null;

  @Column('uuid', { nullable: true })
  recordedBy: string | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @Column('uuid', { nullable: true })
  cancelledBy: string | null;

  @Column('uuid')
  createdBy: string;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
