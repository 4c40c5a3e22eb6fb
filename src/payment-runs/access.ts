import type { Role } from '../auth/roles';

/** Payment runs are finance's (SPEC §4): only a finance officer starts one. */
export const PAYMENT_RUN_REQUESTERS: Role[] = ['finance_officer'];
/** Bank files hold account numbers: finance, admin and audit read them, nobody else. */
export const PAYMENT_RUN_READERS: Role[] = [
  'admin',
  'auditor',
  'finance_officer',
  'finance_approver',
];
