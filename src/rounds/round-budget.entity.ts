import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Currency } from '../common/money/money';
import { Round } from './round.entity';

/**
 * A round's money in one currency. This row is what an award decision locks (FOR UPDATE) to
 * commit budget, so the committed total can never pass the budget under any concurrency; the
 * CHECK makes the database itself refuse it too.
 */
@Entity('round_budgets')
@Check(
  'ck_round_budgets_committed',
  '"committed_minor" >= 0 AND "committed_minor" <= "amount_minor"',
)
@Check(
  'ck_round_budgets_max_award',
  '"max_award_minor" > 0 AND "max_award_minor" <= "amount_minor"',
)
export class RoundBudget {
  @PrimaryColumn('uuid')
  roundId: string;

  @ManyToOne(() => Round, (round) => round.budgets, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  @PrimaryColumn('varchar', { length: 3 })
  currency: Currency;

  @Column('bigint')
  amountMinor: number;

  /** The largest award one application may receive in this currency. */
  @Column('bigint')
  maxAwardMinor: number;

  @Column('bigint', { default: 0 })
  committedMinor: number;
}
