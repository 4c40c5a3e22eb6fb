import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { INSTANT } from '../database/columns';
import { Disbursement } from './disbursement.entity';

/**
 * One finance approver's approval of one payout request (maker–checker, SPEC §5.7). `requestSeq`
 * ties it to the request it approved: a re-request after a failure starts with no approvals.
 */
@Entity('disbursement_approvals')
@Index('ux_disbursement_approvals_once', ['disbursementId', 'requestSeq', 'approverId'], {
  unique: true,
})
export class DisbursementApproval {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  disbursementId: string;

  @ManyToOne(() => Disbursement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'disbursement_id' })
  disbursement?: Disbursement;

  @Column('int')
  requestSeq: number;

  @Column('uuid')
  approverId: string;

  @Column(INSTANT)
  approvedAt: Date;
}
