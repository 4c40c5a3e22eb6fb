import type { ApiKeyScope } from '../auth/principal';
import type { Role } from '../auth/roles';

/** The program office asks for exports (SPEC §4: program_officer … exports). */
export const EXPORT_REQUESTERS: Role[] = ['admin', 'program_officer'];

/**
 * Everyone on staff who audits or pays reads them; finance roles reach only the disbursement
 * ledger (the reach rule `export` narrows them), the others every export.
 */
export const EXPORT_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
];

/** No separate read scope exists: an integration that requests exports also fetches them. */
export const EXPORT_SCOPES: ApiKeyScope[] = ['exports:write'];
