/** Every BullMQ queue of the system. Job ids are domain ids, so a duplicate add is harmless. */
export const QUEUES = {
  /** Outbox rows relayed from PostgreSQL; job name = event type, job id = outbox id. */
  events: 'domain-events',
  /** Repeatable housekeeping (expired idempotency keys, …). */
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);
