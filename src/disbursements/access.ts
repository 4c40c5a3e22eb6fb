import type { ApiKeyScope } from '../auth/principal';
import type { Role } from '../auth/roles';
import { transitionOf } from './disbursement-transitions';

const rolesOf = (action: Parameters<typeof transitionOf>[0]): Role[] => {
  const who = transitionOf(action).who;
  if (who === 'system') throw new Error(`${action} is the system's, not a route's`);
  return [...who];
};

/** Who may call each workflow route: the `who` of the transition table (SPEC §5.7). */
export const DISBURSEMENT_REQUESTERS = rolesOf('request');
export const DISBURSEMENT_APPROVERS = rolesOf('approve');
export const DISBURSEMENT_SETTLERS = rolesOf('settle_paid');
export const DISBURSEMENT_CANCELLERS = rolesOf('cancel');

/** The bank integration settles with an API key of a finance officer carrying this scope. */
export const DISBURSEMENT_SETTLE_SCOPES: ApiKeyScope[] = ['disbursements:settle'];
