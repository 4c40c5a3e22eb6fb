import type { DisbursementStatus } from '../awards/disbursement.entity';
import type { Role } from '../auth/roles';
import { AppError } from '../common/errors/app-error';

export const DISBURSEMENT_ACTIONS = [
  'release',
  'request',
  'approve',
  'reject',
  'claim',
  'settle_paid',
  'settle_failed',
  'cancel',
] as const;
export type DisbursementAction = (typeof DISBURSEMENT_ACTIONS)[number];

export interface DisbursementTransition {
  from: readonly DisbursementStatus[];
  action: DisbursementAction;
  /** `system`: a job or another workflow (report acceptance, a payment run), never a route. */
  who: 'system' | readonly Role[];
  to: DisbursementStatus;
}

/**
 * The payout workflow of SPEC §5.7, one row per action. `approve` reaches `approved` only with the
 * last approval a request needs (two distinct approvers above the currency's threshold); before
 * that the row stays `pending_approval`.
 */
export const DISBURSEMENT_TRANSITIONS: readonly DisbursementTransition[] = [
  { from: ['on_hold'], action: 'release', who: 'system', to: 'scheduled' },
  {
    from: ['scheduled', 'failed'],
    action: 'request',
    who: ['finance_officer'],
    to: 'pending_approval',
  },
  { from: ['pending_approval'], action: 'approve', who: ['finance_approver'], to: 'approved' },
  { from: ['pending_approval'], action: 'reject', who: ['finance_approver'], to: 'scheduled' },
  { from: ['approved'], action: 'claim', who: 'system', to: 'sent' },
  { from: ['sent'], action: 'settle_paid', who: ['finance_officer'], to: 'paid' },
  { from: ['sent'], action: 'settle_failed', who: ['finance_officer'], to: 'failed' },
  {
    from: ['on_hold', 'scheduled', 'pending_approval', 'approved'],
    action: 'cancel',
    who: ['finance_officer'],
    to: 'cancelled',
  },
];

export function transitionOf(action: DisbursementAction): DisbursementTransition {
  const transition = DISBURSEMENT_TRANSITIONS.find((t) => t.action === action);
  if (!transition) throw new Error(`no disbursement transition for ${action}`);
  return transition;
}

/** The statuses `action` may start from (e.g. the payment run claims rows in these). */
export const statusesFor = (action: DisbursementAction) => transitionOf(action).from;

/** The status `action` leads to from `status`, or 409 invalid_state naming both. */
export function nextStatus(status: DisbursementStatus, action: DisbursementAction) {
  const transition = transitionOf(action);
  if (!transition.from.includes(status)) {
    throw new AppError(
      'invalid_state',
      `A ${status} disbursement cannot be ${ACTION_WORDS[action]} (allowed from ${transition.from.join(', ')})`,
    );
  }
  return transition.to;
}

const ACTION_WORDS: Record<DisbursementAction, string> = {
  release: 'released',
  request: 'requested',
  approve: 'approved',
  reject: 'rejected',
  claim: 'claimed by a payment run',
  settle_paid: 'settled',
  settle_failed: 'settled',
  cancel: 'cancelled',
};
