import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Bilingual } from '../common/bilingual';
import { INSTANT } from '../database/columns';

/** A municipality on either side of a sister-city affiliation (SPEC §5.1). */
@Entity('cities')
@Index('ux_cities_country_region_name', ['country', 'region', 'nameEn'], { unique: true })
export class City {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 2 })
  country: 'JP' | 'US';

  @Column('varchar', { length: 200 })
  nameEn: string;

  @Column('varchar', { length: 200, nullable: true })
  nameJa: string | null;

  /** ISO 3166-2, e.g. `JP-14`, `US-CA`. */
  @Column('varchar', { length: 6 })
  region: string;

  /** IANA zone, e.g. `America/Los_Angeles`. */
  @Column('varchar', { length: 64 })
  timezone: string;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  get name(): Bilingual {
    return { en: this.nameEn, ja: this.nameJa ?? undefined };
  }
}
