import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import { INSTANT } from '../database/columns';
import { City } from '../partnerships/city.entity';

export const RAILS = ['ach', 'zengin'] as const;
export type Rail = (typeof RAILS)[number];

/**
 * Where a city's grant money goes (SPEC §5.6): an ACH account (USD) or a Zengin account (JPY).
 * The account number is stored only encrypted (AES-256-GCM) plus its last four digits for masks.
 */
@Entity('payee_accounts')
@Index('ix_payee_accounts_city', ['cityId', 'rail', 'status'])
export class PayeeAccount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  cityId: string;

  @ManyToOne(() => City, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'city_id' })
  city?: City;

  @Column('varchar', { length: 10 })
  rail: Rail;

  /** ACH: checking|savings; Zengin: ordinary|current|savings. */
  @Column('varchar', { length: 10 })
  accountType: string;

  /** ACH only: 9-digit ABA routing number (public, not secret). */
  @Column('char', { length: 9, nullable: true })
  routingNumber: string | null;

  /** Zengin only: 4-digit bank and 3-digit branch codes (checked against zengin-code). */
  @Column('char', { length: 4, nullable: true })
  bankCode: string | null;

  @Column('char', { length: 3, nullable: true })
  branchCode: string | null;

  /** ACH: the holder's name (ASCII); Zengin: half-width katakana in the Zengin character set. */
  @Column('varchar', { length: 60 })
  holderName: string;

  /** `FieldEncryption` output; never returned, never logged. */
  @Column('text')
  accountNumberEncrypted: string;

  @Column('varchar', { length: 4 })
  accountNumberLast4: string;

  @Column('varchar', { length: 20, default: 'unverified' })
  status: 'unverified' | 'verified' | 'disabled';

  @Column('uuid')
  enteredBy: string;

  @Column('uuid', { nullable: true })
  verifiedBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  verifiedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
