import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * One refresh token of a rotation family (SPEC §5.0). Only its SHA-256 is stored. Using a token
 * rotates it (`replacedBy`); presenting a token that was already rotated revokes the family.
 */
@Entity('refresh_tokens')
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_user', ['userId'])
export class RefreshToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('uuid')
  familyId: string;

  @Index('ux_refresh_tokens_hash', { unique: true })
  @Column('char', { length: 64 })
  tokenHash: string;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @Column(INSTANT)
  expiresAt: Date;

  @Column('uuid', { nullable: true })
  replacedBy: string | null;

  @Column({ ...INSTANT, nullable: true })
  revokedAt: Date | null;
}
