import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ApiKeyScope } from '../auth/principal';
import { INSTANT } from '../database/columns';

/** An integration's key (SPEC §4): acts with its user's reach, narrowed by scopes. Hash only. */
@Entity('api_keys')
@Index('ix_api_keys_user', ['userId'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('varchar', { length: 100 })
  name: string;

  /** The key's public lookup part (`sdg_<prefix>_…`), so verifying needs one indexed read. */
  @Index('ux_api_keys_prefix', { unique: true })
  @Column('varchar', { length: 24 })
  prefix: string;

  /** SHA-256 of the whole key; keys are 256-bit random, so a fast hash is enough. */
  @Column('char', { length: 64 })
  keyHash: string;

  @Column('text', { array: true })
  scopes: ApiKeyScope[];

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @Column({ ...INSTANT, nullable: true })
  lastUsedAt: Date | null;

  @Column({ ...INSTANT, nullable: true })
  revokedAt: Date | null;
}
