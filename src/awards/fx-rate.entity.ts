import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Currency } from '../common/money/money';
import { INSTANT } from '../database/columns';

/** An exchange rate recorded by finance (SPEC §5.9): 1 `base` = `rate` `quote`, from `effectiveOn`. */
@Entity('fx_rates')
@Index('ux_fx_rates_day', ['base', 'quote', 'effectiveOn'], { unique: true })
export class FxRate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 3 })
  base: Currency;

  @Column('varchar', { length: 3 })
  quote: Currency;

  /** Decimal string, exact (numeric), never a float. */
  @Column('numeric', { precision: 24, scale: 10 })
  rate: string;

  @Column('date')
  effectiveOn: string;

  @Column('uuid')
  recordedBy: string;

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
