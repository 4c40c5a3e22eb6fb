import type { Role } from '../auth/roles';

/** Who staffs applications with reviewers (SPEC §4: the program office). */
export const ASSIGNERS: Role[] = ['admin', 'program_officer'];

/** Reviewers read their own assignments (narrowed by `Reach`); the office and auditors all. */
export const ASSIGNMENT_READERS: Role[] = ['admin', 'program_officer', 'auditor', 'reviewer'];

/** Rankings are for the office deciding, and auditors checking how it decided. */
export const RANKING_READERS: Role[] = ['admin', 'program_officer', 'auditor'];
