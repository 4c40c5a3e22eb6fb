import type { ApiKeyScope } from '../auth/principal';
import type { Role } from '../auth/roles';

/** Who reads awards (SPEC §4): the staff roles all of them, a city user its own city's. */
export const AWARD_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
];
export const AWARD_SCOPES: ApiKeyScope[] = ['awards:read'];

/** Cancelling an award is the program office's decision (as awarding it was). */
export const AWARD_CANCELLERS: Role[] = ['program_officer'];

/** Disbursements: the same readers; an integration needs `disbursements:read`. */
export const DISBURSEMENT_READERS: Role[] = AWARD_READERS;
export const DISBURSEMENT_SCOPES: ApiKeyScope[] = ['disbursements:read'];

/** FX rates are finance's to record (SPEC §4) and everyone's on staff to read. */
export const FX_RATE_RECORDERS: Role[] = ['admin', 'finance_officer'];
export const FX_RATE_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
];
