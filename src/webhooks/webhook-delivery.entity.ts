import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { INSTANT } from '../database/columns';
import { WebhookSubscription } from './webhook-subscription.entity';

/**
 * One event for one subscription. Unique per (subscription, event): however often the event is
 * relayed or handled, it is delivered as one message with one `webhook-id` (the event id).
 */
@Entity('webhook_deliveries')
@Index('ux_webhook_deliveries_event', ['subscriptionId', 'eventId'], { unique: true })
@Index('ix_webhook_deliveries_subscription', ['subscriptionId', 'createdAt'])
/** Fan-out looks up an event's deliveries (every subscription's) by the event alone. */
@Index('ix_webhook_deliveries_event_id', ['eventId'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  subscriptionId: string;

  @ManyToOne(() => WebhookSubscription, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id' })
  subscription?: WebhookSubscription;

  /** The outbox id of the event: the `webhook-id` header. */
  @Column('uuid')
  eventId: string;

  @Column('varchar', { length: 100 })
  eventType: string;

  /** The exact JSON body sent (and signed): `{id, type, timestamp, data}`. */
  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('varchar', { length: 20, default: 'pending' })
  status: 'pending' | 'succeeded' | 'failed';

  @Column('int', { default: 0 })
  attempts: number;

  @Column({ ...INSTANT, nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
