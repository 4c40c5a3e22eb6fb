import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent } from 'undici';
import { DataSource, EntityManager } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import { FieldEncryption } from '../common/crypto/field-encryption';
import { Environment } from '../config/environment';
import type { Insertable } from '../database/insertable';
import { assertPublicTarget, publicOnlyLookup, TargetRefused } from './ssrf';
import { canTransition } from './subscription-status';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { AttemptOutcome, sendWebhook } from './webhook-request';
import { WebhookSubscription } from './webhook-subscription.entity';

/** Whether the job should be retried (the delivery is still pending and has attempts left). */
export type AttemptVerdict = 'done' | 'retry';

/**
 * Makes one attempt of one delivery and logs it (SPEC §5.10). The delivery row is the truth: only
 * a pending delivery is attempted, so a job that runs twice (a crash, a stale retry) after the
 * delivery ended sends nothing.
 */
@Injectable()
export class WebhookDeliverer implements OnModuleDestroy {
  /** Connections for deliveries; unless private targets are allowed, they reach public addresses only. */
  private readonly agent: Agent;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly encryption: FieldEncryption,
    private readonly env: Environment,
  ) {
    this.agent = new Agent(
      env.WEBHOOK_ALLOW_PRIVATE_TARGETS ? {} : { connect: { lookup: publicOnlyLookup() } },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  async attempt(deliveryId: string, options: { lastAttempt: boolean }): Promise<AttemptVerdict> {
    const delivery = await this.dataSource.getRepository(WebhookDelivery).findOne({
      where: { id: deliveryId },
      relations: { subscription: true },
    });
    // Gone with its subscription, or already ended.
    if (!delivery?.subscription || delivery.status !== 'pending') return 'done';
    const subscription = delivery.subscription;
    if (subscription.status !== 'active') {
      // Not the endpoint's fault: ends the delivery without counting against the subscription.
      await this.record(delivery, refusal('the webhook is disabled'), {
        lastAttempt: true,
        countFailure: false,
      });
      return 'done';
    }
    const outcome = await this.send(delivery, subscription);
    return this.record(delivery, outcome, { ...options, countFailure: true });
  }

  private async send(
    delivery: WebhookDelivery,
    subscription: WebhookSubscription,
  ): Promise<AttemptOutcome> {
    if (!this.env.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
      // Again at every attempt: the name may resolve elsewhere than when it was checked. (The
      // connection checks again what it connects to: this check gives the clearer refusal.)
      try {
        await assertPublicTarget(subscription.url);
      } catch (error) {
        if (error instanceof TargetRefused) return refusal(`target refused: ${error.message}`);
        throw error;
      }
    }
    return sendWebhook(
      {
        url: subscription.url,
        secret: this.encryption.decrypt(subscription.secretEncrypted, subscription.id),
        eventId: delivery.eventId,
        body: JSON.stringify(delivery.payload),
      },
      this.env.WEBHOOK_TIMEOUT_MS,
      this.agent,
    );
  }

  private record(
    delivery: WebhookDelivery,
    outcome: AttemptOutcome,
    { lastAttempt, countFailure }: { lastAttempt: boolean; countFailure: boolean },
  ): Promise<AttemptVerdict> {
    return this.dataSource.transaction(async (manager) => {
      await manager.insert(WebhookAttempt, {
        deliveryId: delivery.id,
        attemptedAt: new Date(),
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        responseExcerpt: outcome.responseExcerpt,
        error: outcome.error,
      } as Insertable<WebhookAttempt>);
      const status = outcome.delivered ? 'succeeded' : lastAttempt ? 'failed' : 'pending';
      // Only a pending delivery moves: when two runs overlapped (a job given back while its worker
      // still ran it, its lock lost in a Redis outage), the one that finished first decides; the
      // attempt is logged anyway.
      const { affected } = await manager
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({
          status,
          attempts: () => 'attempts + 1',
          ...(outcome.delivered ? { deliveredAt: new Date() } : {}),
        })
        .where(`id = :id AND status = 'pending'`, { id: delivery.id })
        .execute();
      if (!affected) return 'done';
      if (outcome.delivered) {
        await manager
          .createQueryBuilder()
          .update(WebhookSubscription)
          .set({ consecutiveFailures: 0 })
          .where('id = :id AND consecutive_failures <> 0', { id: delivery.subscriptionId })
          .execute();
      } else if (status === 'failed' && countFailure) {
        await this.countFailure(manager, delivery.subscriptionId);
      }
      return status === 'pending' ? 'retry' : 'done';
    });
  }

  /** One more failed delivery in a row; at WEBHOOK_DISABLE_AFTER_FAILURES the subscription stops. */
  private async countFailure(manager: EntityManager, subscriptionId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(WebhookSubscription)
      .set({ consecutiveFailures: () => 'consecutive_failures + 1' })
      .where('id = :id', { id: subscriptionId })
      .execute();
    // Read back under the row lock the increment holds: concurrent failures count one by one.
    const subscription = await manager.findOneBy(WebhookSubscription, { id: subscriptionId });
    if (!subscription) return;
    const failures = subscription.consecutiveFailures;
    if (failures < this.env.WEBHOOK_DISABLE_AFTER_FAILURES) return;
    if (!canTransition(subscription.status, 'disabled', 'worker')) return;
    const reason = `${failures} deliveries failed in a row`;
    await manager.update(
      WebhookSubscription,
      { id: subscriptionId },
      { status: 'disabled', disabledReason: reason },
    );
    await this.changeLog.record(manager, {
      actor: null,
      action: 'webhook.disabled',
      entity: { type: 'webhook', id: subscriptionId },
      data: { reason, consecutiveFailures: failures },
    });
  }
}

const refusal = (error: string): AttemptOutcome => ({
  statusCode: null,
  durationMs: 0,
  responseExcerpt: null,
  error,
  delivered: false,
});
