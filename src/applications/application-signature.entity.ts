import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { INSTANT } from '../database/columns';
import type { Application, Side } from './application.entity';

/**
 * One city's signature on one version of an application's content (SPEC §5.3). Both cities must
 * sign the same `contentHash`; an edit deletes the signatures (the audit log keeps them).
 */
@Entity('application_signatures')
@Index('ux_application_signatures_side', ['applicationId', 'side'], { unique: true })
export class ApplicationSignature {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  @ManyToOne('Application', 'signatures', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('varchar', { length: 2 })
  side: Side;

  @Column('uuid')
  cityId: string;

  @Column('uuid')
  userId: string;

  @Column('char', { length: 64 })
  contentHash: string;

  @Column(INSTANT)
  signedAt: Date;
}
