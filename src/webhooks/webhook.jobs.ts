/** One delivery attempt series; the delivery row, not the job, says whether it succeeded. */
export interface WebhookJob {
  deliveryId: string;
}

export const WEBHOOK_JOB = 'deliver';

/** The backoff type the webhooks worker computes itself (exponential with jitter). */
export const WEBHOOK_BACKOFF = 'webhook';

export const webhookJobId = (deliveryId: string) => `webhook-${deliveryId}`;

/** A redelivery is a new series of attempts, so a new job beside the first one. */
export const redeliveryJobId = (deliveryId: string, at: Date) =>
  `webhook-${deliveryId}-redeliver-${at.getTime()}`;

/**
 * Delay before retry number `attemptsMade` (1 after the first failure): base × 2^(n−1), ±20 %
 * jitter so a receiver coming back up is not hit by every retry at the same instant.
 */
export function webhookBackoffMs(attemptsMade: number, baseMs: number, random = Math.random) {
  const jitter = 0.8 + 0.4 * random();
  return Math.round(baseMs * 2 ** Math.max(0, attemptsMade - 1) * jitter);
}

/** Every delivery job: WEBHOOK_MAX_ATTEMPTS tries, spaced by webhookBackoffMs. */
export const webhookJobOptions = (env: {
  WEBHOOK_MAX_ATTEMPTS: number;
  WEBHOOK_BACKOFF_BASE_MS: number;
}) => ({
  attempts: env.WEBHOOK_MAX_ATTEMPTS,
  backoff: { type: WEBHOOK_BACKOFF, delay: env.WEBHOOK_BACKOFF_BASE_MS },
});
