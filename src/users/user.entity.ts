import {
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
import type { Role } from '../auth/roles';
import { City } from '../partnerships/city.entity';
import { INSTANT } from '../database/columns';

@Entity('users')
@Index('ux_users_email', { synchronize: false }) // unique on lower(email), created in the migration
@Index('ix_users_role', ['role'])
@Index('ix_users_city', ['cityId'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 254 })
  email: string;

  @Column('varchar', { length: 255 })
  passwordHash: string;

  @Column('varchar', { length: 120 })
  displayName: string;

  @Column('varchar', { length: 30 })
  role: Role;

  @Column('varchar', { length: 2, default: 'en' })
  locale: 'en' | 'ja';

  @Column('uuid', { nullable: true })
  cityId: string | null;

  @ManyToOne(() => City, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'city_id' })
  city?: City | null;

  /** Reviewer profile (SPEC §5.4): where they are based and which cities they are tied to. */
  @Column('varchar', { length: 2, nullable: true })
  country: 'JP' | 'US' | null;

  @Column('varchar', { length: 6, nullable: true })
  region: string | null;

  @Column('uuid', { array: true, default: () => "'{}'" })
  affiliations: string[];

  @Column('boolean', { default: true })
  active: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
