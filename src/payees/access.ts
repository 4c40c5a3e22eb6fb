import type { Role } from '../auth/roles';

/** A city user enters its own city's accounts; finance (and admin) any city's (SPEC §5.6). */
export const PAYEE_ACCOUNT_ENTERERS: Role[] = ['admin', 'finance_officer', 'city_user'];

/** Finance and oversight read every account; a city user its own city's (see Reach). */
export const PAYEE_ACCOUNT_READERS: Role[] = [
  'admin',
  'finance_officer',
  'finance_approver',
  'auditor',
  'city_user',
];

/** Verification is a finance officer's, and never the one who entered the account (SPEC §4). */
export const PAYEE_ACCOUNT_VERIFIERS: Role[] = ['finance_officer'];
