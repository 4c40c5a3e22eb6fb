import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { INSTANT } from '../database/columns';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One HTTP attempt of a delivery: what the receiver answered, how fast (SPEC §5.10). */
@Entity('webhook_attempts')
@Index('ix_webhook_attempts_delivery', ['deliveryId', 'attemptedAt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDelivery;

  @Column(INSTANT)
  attemptedAt: Date;

  /** Null when no response came (timeout, refused connection, refused target). */
  @Column('int', { nullable: true })
  statusCode: number | null;

  @Column('int')
  durationMs: number;

  /** The first bytes of the response body (truncated), or the error. */
  @Column('varchar', { length: 1000, nullable: true })
  responseExcerpt: string | null;

  @Column('varchar', { length: 500, nullable: true })
  error: string | null;
}
