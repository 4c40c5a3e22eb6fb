import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Application } from '../applications/application.entity';
import { INSTANT } from '../database/columns';
import { User } from '../users/user.entity';

export const ASSIGNMENT_STATUSES = ['assigned', 'declined', 'submitted'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const RECOMMENDATIONS = ['fund', 'do_not_fund', 'maybe'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/**
 * One reviewer on one application (SPEC §5.4), with that reviewer's review (1:1, so it lives on
 * the same row): draft scores while `assigned`, locked once `submitted`. A declined assignment
 * stays, so the same reviewer is never assigned that application again.
 */
@Entity('assignments')
@Index('ux_assignments_pair', ['applicationId', 'reviewerId'], { unique: true })
@Index('ix_assignments_reviewer', ['reviewerId', 'status'])
@Index('ix_assignments_round_reviewer', ['roundId', 'reviewerId'])
@Index('ix_assignments_application', ['applicationId', 'status'])
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  @ManyToOne(() => Application, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('uuid')
  roundId: string;

  @Column('uuid')
  reviewerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: User;

  @Column('varchar', { length: 20, default: 'assigned' })
  status: AssignmentStatus;

  /** `auto` (POST /rounds/:id/assignments/auto) or `manual`. */
  @Column('varchar', { length: 10 })
  source: 'auto' | 'manual';

  /** Null when the system assigned it. */
  @Column('uuid', { nullable: true })
  assignedBy: string | null;

  @Column(INSTANT)
  assignedAt: Date;

  @Column('varchar', { length: 500, nullable: true })
  declineReason: string | null;

  /** `{ criterionKey: 0..maxScore }` of the round's rubric. */
  @Column('jsonb', { nullable: true })
  scores: Record<string, number> | null;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('varchar', { length: 20, nullable: true })
  recommendation: Recommendation | null;

  /** Σ(weight × score / maxScore) / Σ weight on a 0..1 scale, fixed at submission for ranking. */
  @Column('double precision', { nullable: true })
  weightedScore: number | null;

  @Column({ ...INSTANT, nullable: true })
  submittedAt: Date | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
