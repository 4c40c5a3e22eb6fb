/** The event types integrators can subscribe to (SPEC §5.10); others stay internal. */
export const WEBHOOK_EVENTS = [
  'application.submitted',
  'application.decided',
  'award.created',
  'disbursement.approved',
  'disbursement.sent',
  'disbursement.paid',
  'disbursement.failed',
  'report.submitted',
  'report.accepted',
  'payment_run.completed',
  'export.completed',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
