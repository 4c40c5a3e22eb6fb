/** The roles of SPEC §4. */
export const ROLES = [
  'admin',
  'program_officer',
  'reviewer',
  'city_user',
  'finance_officer',
  'finance_approver',
  'auditor',
] as const;

export type Role = (typeof ROLES)[number];
