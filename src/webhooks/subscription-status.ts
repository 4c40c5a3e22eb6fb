import type { WebhookSubscription } from './webhook-subscription.entity';

type Status = WebhookSubscription['status'];

/**
 * Who moves a subscription between its two states. Admins do both ways; the delivery worker only
 * disables (after WEBHOOK_DISABLE_AFTER_FAILURES failed deliveries in a row), never re-enables:
 * an endpoint that was failing comes back only when a person says it is fixed.
 */
export const SUBSCRIPTION_TRANSITIONS: { from: Status; to: Status; who: 'admin' | 'worker' }[] = [
  { from: 'active', to: 'disabled', who: 'admin' },
  { from: 'disabled', to: 'active', who: 'admin' },
  { from: 'active', to: 'disabled', who: 'worker' },
];

export const canTransition = (from: Status, to: Status, who: 'admin' | 'worker') =>
  SUBSCRIPTION_TRANSITIONS.some((t) => t.from === from && t.to === to && t.who === who);
