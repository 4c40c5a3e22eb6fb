import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { City } from './city.entity';
import { INSTANT } from '../database/columns';

/** A sister-city affiliation: one Japanese and one US city (SPEC §5.1). */
@Entity('partnerships')
@Index('ux_partnerships_pair', ['jpCityId', 'usCityId'], { unique: true })
@Index('ix_partnerships_us_city', ['usCityId'])
export class Partnership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  jpCityId: string;

  @ManyToOne(() => City, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jp_city_id' })
  jpCity?: City;

  @Column('uuid')
  usCityId: string;

  @ManyToOne(() => City, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'us_city_id' })
  usCity?: City;

  @Column('date')
  establishedOn: string;

  @Column('varchar', { length: 10, default: 'active' })
  status: 'active' | 'inactive';

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
