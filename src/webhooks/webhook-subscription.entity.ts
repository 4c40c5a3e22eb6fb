import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { INSTANT } from '../database/columns';

/**
 * An integrator's endpoint (SPEC §5.10). The signing secret is shown once at creation and kept
 * only encrypted (FieldEncryption): delivery needs it back to sign, so it cannot be a hash.
 */
@Entity('webhook_subscriptions')
@Index('ix_webhook_subscriptions_status', ['status'])
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 2000 })
  url: string;

  @Column('text', { array: true })
  events: string[];

  @Column('varchar', { length: 500, default: '' })
  description: string;

  @Column('text')
  secretEncrypted: string;

  @Column('varchar', { length: 20, default: 'active' })
  status: 'active' | 'disabled';

  /** Deliveries that ended `failed` in a row; reset by a success. */
  @Column('int', { default: 0 })
  consecutiveFailures: number;

  @Column('text', { nullable: true })
  disabledReason: string | null;

  /** The user who created it (an admin, or an API key's user). */
  @Column('uuid')
  createdBy: string;

  @VersionColumn()
  version: number;

  @CreateDateColumn(INSTANT)
  createdAt: Date;

  @UpdateDateColumn(INSTANT)
  updatedAt: Date;
}
