/** Every BullMQ queue of the system. Job ids are domain ids, so a duplicate add is harmless. */
export const QUEUES = {
  /** Outbox rows relayed from PostgreSQL; job name = event type, job id = outbox id. */
  events: 'domain-events',
  /** Repeatable housekeeping (expired idempotency keys, overdue reports, scheduled exports). */
  maintenance: 'maintenance',
  /** One job per payment run; job id = `payment-run-<run id>` (BullMQ refuses ':' in custom ids). */
  paymentRuns: 'payment-runs',
  /** One job per export; job id = `export-<export id>`. */
  exports: 'exports',
  /** One job per webhook delivery; job id = `webhook-<delivery id>`. */
  webhooks: 'webhooks',
  /** One job per e-mail; job id = `mail-<notification id>`. */
  notifications: 'notifications',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);
