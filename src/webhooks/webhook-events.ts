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
  // After the award (issue 17): changes to it, its settlement (額の確定), money owed back.
  'amendment.requested',
  'amendment.recorded',
  'amendment.approved',
  'amendment.declined',
  'amendment.withdrawn',
  'settlement.confirmed',
  'refund.due',
  'refund.received',
  'refund.cancelled',
  'award.cancelled',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
