import type { Me } from '../../auth/useSession';

type Role = Me['role'];

/**
 * Who these pages are for (SPEC §4). The API would show a city user its own report: the office's
 * view (with its accept and request-changes) is still not theirs, so the page asks nothing then.
 */
export const REPORT_READERS: Role[] = ['program_officer', 'admin', 'auditor'];
/** Accepting and sending back (the report state machine's officers). */
export const REPORT_REVIEWERS: Role[] = ['program_officer', 'admin'];
/** As the API reads exports; finance roles see only disbursement ledgers there. */
export const EXPORT_READERS: Role[] = [
  'program_officer',
  'admin',
  'auditor',
  'finance_officer',
  'finance_approver',
];
export const EXPORT_REQUESTERS: Role[] = ['program_officer', 'admin'];

export const may = (roles: Role[], me: Pick<Me, 'role'> | undefined) =>
  me !== undefined && roles.includes(me.role);
