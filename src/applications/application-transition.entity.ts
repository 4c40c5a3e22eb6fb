import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { INSTANT } from '../database/columns';
import type { ApplicationStatus } from './application.entity';

/** One status change of an application, for `GET /applications/:id/history` (SPEC §5.3). */
@Entity('application_transitions')
@Index('ix_application_transitions_application', ['applicationId', 'at'])
export class ApplicationTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  /** Null for the creation of the draft. */
  @Column('varchar', { length: 20, nullable: true })
  from: ApplicationStatus | null;

  @Column('varchar', { length: 20 })
  to: ApplicationStatus;

  /** What caused it: create, sign, edit, assign, return, decide, withdraw. */
  @Column('varchar', { length: 30 })
  action: string;

  /** Null when the system moved it. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  message: string | null;

  @Column(INSTANT)
  at: Date;
}
