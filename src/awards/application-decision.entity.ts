import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Application } from '../applications/application.entity';
import { INSTANT } from '../database/columns';

export const DECISION_OUTCOMES = ['approved', 'rejected', 'waitlisted'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A program officer's decision on an application, with its rationale (SPEC §5.5). */
@Entity('application_decisions')
@Index('ix_application_decisions_application', ['applicationId', 'decidedAt'])
export class ApplicationDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  @ManyToOne(() => Application, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('varchar', { length: 20 })
  outcome: DecisionOutcome;

  @Column('text')
  rationale: string;

  @Column('uuid')
  decidedBy: string;

  @Column(INSTANT)
  decidedAt: Date;
}
