import type { ApiKeyScope } from '../auth/principal';
import type { Role } from '../auth/roles';

/**
 * Who reads cities and partnerships (SPEC §4): the staff roles all of them, a city user those of
 * its own city (see `Reach`). Reviewers work on the applications assigned to them, not on the
 * partnership register.
 */
export const PARTNERSHIP_READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
];

/** An integration that files applications needs to look up its partnership and cities. */
export const REFERENCE_SCOPES: ApiKeyScope[] = ['applications:read', 'applications:write'];
