import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Side } from '../applications/application.entity';
import type { Currency } from '../common/money/money';
import type { Award } from './award.entity';

/** An award's amount for one side in one currency. */
@Entity('award_lines')
@Check('ck_award_lines_amount', '"amount_minor" > 0')
export class AwardLine {
  @PrimaryColumn('uuid')
  awardId: string;

  @ManyToOne('Award', 'lines', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'award_id' })
  award?: Award;

  @PrimaryColumn('varchar', { length: 2 })
  side: Side;

  @PrimaryColumn('varchar', { length: 3 })
  currency: Currency;

  @Column('bigint')
  amountMinor: number;
}
