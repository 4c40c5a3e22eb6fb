import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ChangeLog } from '../audit/change-log.service';
import { FieldEncryption } from '../common/crypto/field-encryption';
import { AppError } from '../common/errors/app-error';
import { assertVersion } from '../common/http/etag';
import { Page, paginate } from '../common/http/pagination';
import { Environment } from '../config/environment';
import { saveChanges } from '../database/save-changes';
import { QUEUES } from '../queues/queues';
import {
  CreateWebhookDto,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  UpdateWebhookDto,
} from './dto/webhook.dto';
import { newWebhookSecret } from './signature';
import { assertPublicTarget, TargetRefused } from './ssrf';
import { canTransition } from './subscription-status';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { redeliveryJobId, WEBHOOK_JOB, WebhookJob, webhookJobOptions } from './webhook.jobs';

/** What an administrator's PATCH edits besides the status. */
const EDITABLE_FIELDS = ['url', 'events', 'description'] as const;
type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Subscriptions and their delivery log (SPEC §5.10). Admin-only, so no per-record reach. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly encryption: FieldEncryption,
    private readonly env: Environment,
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue<WebhookJob>,
  ) {}

  /** The secret is returned here and nowhere else; only its encryption is stored. */
  async create(
    actor: Principal,
    dto: CreateWebhookDto,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    await this.assertAllowedTarget(dto.url);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const subscription = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(WebhookSubscription, {
          id,
          url: dto.url,
          events: dto.events,
          description: dto.description ?? '',
          // Bound to the row: a ciphertext copied onto another subscription does not decrypt.
          secretEncrypted: this.encryption.encrypt(secret, id),
          status: 'active',
          consecutiveFailures: 0,
          disabledReason: null,
          createdBy: actor.userId,
        }),
      );
      await this.changeLog.record(manager, {
        actor,
        action: 'webhook.created',
        entity: { type: 'webhook', id },
        data: { url: saved.url, events: saved.events, description: saved.description },
      });
      return saved;
    });
    return { subscription, secret };
  }

  list(query: ListWebhooksQuery): Promise<Page<WebhookSubscription>> {
    const qb = this.dataSource.getRepository(WebhookSubscription).createQueryBuilder('w');
    if (query.status) qb.andWhere('w.status = :status', { status: query.status });
    return paginate(qb, query, [
      { expression: 'w.createdAt', value: (w) => w.createdAt },
      { expression: 'w.id', value: (w) => w.id },
    ]);
  }

  get(id: string): Promise<WebhookSubscription> {
    return this.load(this.dataSource.manager, id);
  }

  async update(
    actor: Principal,
    id: string,
    dto: UpdateWebhookDto,
    expectedVersion: number | undefined,
  ): Promise<WebhookSubscription> {
    if (dto.url !== undefined) await this.assertAllowedTarget(dto.url);
    return this.dataSource.transaction(async (manager) => {
      const subscription = await this.load(manager, id, { lock: true });
      assertVersion(subscription, expectedVersion);
      const changes: Partial<Pick<WebhookSubscription, EditableField | 'status'>> = {};
      for (const field of EDITABLE_FIELDS) {
        const value = dto[field];
        if (value !== undefined && JSON.stringify(value) !== JSON.stringify(subscription[field])) {
          Object.assign(changes, { [field]: value });
        }
      }
      let columns: Partial<WebhookSubscription> = changes;
      if (dto.status !== undefined && dto.status !== subscription.status) {
        if (!canTransition(subscription.status, dto.status, 'admin')) {
          throw new AppError(
            'invalid_state',
            `A webhook cannot go ${subscription.status} → ${dto.status}`,
          );
        }
        changes.status = dto.status;
        columns = {
          ...changes,
          ...(dto.status === 'active'
            ? // Re-enabling says the endpoint is fixed: its failure streak starts over.
              { consecutiveFailures: 0, disabledReason: null }
            : { disabledReason: 'disabled by an administrator' }),
        };
      }
      if (Object.keys(changes).length === 0) return subscription;
      const saved = await saveChanges(manager, WebhookSubscription, subscription, columns);
      await this.changeLog.record(manager, {
        actor,
        action: changes.status
          ? `webhook.${changes.status === 'active' ? 'enabled' : 'disabled'}`
          : 'webhook.updated',
        entity: { type: 'webhook', id },
        data: changes,
      });
      return saved;
    });
  }

  /** Deliveries and attempts go with it (cascade); their queued jobs find nothing and stop. */
  async remove(actor: Principal, id: string, expectedVersion: number | undefined): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const subscription = await this.load(manager, id, { lock: true });
      assertVersion(subscription, expectedVersion);
      await manager.delete(WebhookSubscription, { id });
      await this.changeLog.record(manager, {
        actor,
        action: 'webhook.deleted',
        entity: { type: 'webhook', id },
        data: { url: subscription.url, events: subscription.events },
      });
    });
  }

  /** Newest first, each with its attempts (oldest first), all attempts of the page in one query. */
  async deliveries(
    id: string,
    query: ListDeliveriesQuery,
  ): Promise<Page<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }>> {
    await this.load(this.dataSource.manager, id);
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.subscriptionId = :id', { id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    const page = await paginate(qb, query, [
      { expression: 'd.createdAt', value: (d) => d.createdAt },
      { expression: 'd.id', value: (d) => d.id },
    ]);
    const attempts = page.data.length
      ? await this.dataSource.getRepository(WebhookAttempt).find({
          where: { deliveryId: In(page.data.map((d) => d.id)) },
          order: { attemptedAt: 'ASC', id: 'ASC' },
        })
      : [];
    const byDelivery = new Map<string, WebhookAttempt[]>();
    for (const attempt of attempts) {
      byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
    }
    return {
      data: page.data.map((delivery) => ({
        delivery,
        attempts: byDelivery.get(delivery.id) ?? [],
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Sends a finished delivery again, as a new series of attempts (same body, same webhook-id, so
   * a receiver that deduplicates recognises it). One already in flight is left alone.
   */
  async redeliver(
    actor: Principal,
    id: string,
    deliveryId: string,
  ): Promise<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }> {
    const now = new Date();
    let previous: WebhookDelivery['status'] = 'failed';
    const delivery = await this.dataSource.transaction(async (manager) => {
      const subscription = await this.load(manager, id);
      const found = await manager.findOne(WebhookDelivery, {
        where: { id: deliveryId, subscriptionId: id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new AppError('not_found', `No delivery ${deliveryId} for webhook ${id}`);
      if (subscription.status !== 'active') {
        throw new AppError('invalid_state', 'The webhook is disabled; enable it first');
      }
      if (found.status === 'pending') {
        throw new AppError('invalid_state', 'The delivery is still pending');
      }
      previous = found.status;
      found.status = 'pending';
      await manager.update(WebhookDelivery, { id: deliveryId }, { status: 'pending' });
      await this.changeLog.record(manager, {
        actor,
        action: 'webhook.redelivery_requested',
        entity: { type: 'webhook', id },
        data: { deliveryId, eventId: found.eventId, previousStatus: previous },
      });
      return found;
    });
    // After commit, so the job finds the delivery pending. Should Redis refuse the job, the
    // delivery goes back to what it was, or it would stay pending with nothing to send it.
    try {
      await this.queue.add(
        WEBHOOK_JOB,
        { deliveryId },
        { ...webhookJobOptions(this.env), jobId: redeliveryJobId(deliveryId, now) },
      );
    } catch (error) {
      await this.dataSource
        .getRepository(WebhookDelivery)
        .update(
          { id: deliveryId, status: 'pending', attempts: delivery.attempts },
          { status: previous },
        );
      throw error;
    }
    const attempts = await this.dataSource.getRepository(WebhookAttempt).find({
      where: { deliveryId },
      order: { attemptedAt: 'ASC', id: 'ASC' },
    });
    return { delivery, attempts };
  }

  private async load(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<WebhookSubscription> {
    const subscription = await manager.findOne(WebhookSubscription, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!subscription) throw new AppError('not_found', `No webhook ${id}`);
    return subscription;
  }

  private async assertAllowedTarget(url: string): Promise<void> {
    if (this.env.WEBHOOK_ALLOW_PRIVATE_TARGETS) return;
    try {
      await assertPublicTarget(url);
    } catch (error) {
      if (!(error instanceof TargetRefused)) throw error;
      throw new AppError('validation_failed', `The webhook target is refused: ${error.message}`, [
        { field: 'url', message: `must reach a public address: ${error.message}` },
      ]);
    }
  }
}
