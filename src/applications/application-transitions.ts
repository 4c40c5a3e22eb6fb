import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { AppError } from '../common/errors/app-error';
import type { ApplicationStatus } from './application.entity';

export const APPLICATION_ACTIONS = [
  'sign_first',
  'sign_second',
  'edit',
  'assign',
  'return',
  'decide_approved',
  'decide_rejected',
  'decide_waitlisted',
  'withdraw',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** `system` is a job acting on its own (auto-assignment), with no principal. */
export type Actor = Role | 'system';

export interface TransitionRule {
  from: readonly ApplicationStatus[];
  action: ApplicationAction;
  who: readonly Actor[];
  to: ApplicationStatus;
}

const CITY: readonly Actor[] = ['city_user'];
const OFFICERS: readonly Actor[] = ['program_officer', 'admin'];

/**
 * The application state machine of SPEC §5.3, the one place it is written down. Which city may
 * sign (the other one for the second signature) is a record-level check the service makes; this
 * table says only which role may do what from which status.
 */
export const APPLICATION_TRANSITIONS: readonly TransitionRule[] = [
  { from: ['draft'], action: 'sign_first', who: CITY, to: 'awaiting_cosign' },
  { from: ['awaiting_cosign'], action: 'sign_second', who: CITY, to: 'submitted' },
  // An edit drops every signature, so a half-signed application is a draft again.
  { from: ['draft', 'awaiting_cosign'], action: 'edit', who: CITY, to: 'draft' },
  { from: ['submitted'], action: 'assign', who: [...OFFICERS, 'system'], to: 'in_review' },
  { from: ['submitted', 'in_review'], action: 'return', who: OFFICERS, to: 'draft' },
  { from: ['in_review', 'waitlisted'], action: 'decide_approved', who: OFFICERS, to: 'approved' },
  { from: ['in_review', 'waitlisted'], action: 'decide_rejected', who: OFFICERS, to: 'rejected' },
  { from: ['in_review'], action: 'decide_waitlisted', who: OFFICERS, to: 'waitlisted' },
  // "Any state before a decision": a waitlisted application has had its decision.
  {
    from: ['draft', 'awaiting_cosign', 'submitted', 'in_review'],
    action: 'withdraw',
    who: CITY,
    to: 'withdrawn',
  },
];

/** The roles that may ever take `action` (what its route's `@Allow` declares). */
export function rolesFor(action: ApplicationAction): Role[] {
  const roles = APPLICATION_TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.who);
  return [...new Set(roles)].filter((who): who is Role => who !== 'system');
}

const DESCRIBED: Record<ApplicationAction, string> = {
  sign_first: 'sign',
  sign_second: 'sign',
  edit: 'edit',
  assign: 'assign reviewers to',
  return: 'return',
  decide_approved: 'approve',
  decide_rejected: 'reject',
  decide_waitlisted: 'waitlist',
  withdraw: 'withdraw',
};

/**
 * The status `action` by `principal` (null: the system) moves the application to. Throws 403 when
 * that role may never take the action, 409 `invalid_state` when the status does not allow it.
 */
export function transition(
  application: { status: ApplicationStatus },
  action: ApplicationAction,
  principal: Pick<Principal, 'role'> | null,
): ApplicationStatus {
  const actor: Actor = principal?.role ?? 'system';
  const rows = APPLICATION_TRANSITIONS.filter((t) => t.action === action);
  if (!rows.some((t) => t.who.includes(actor))) {
    throw new AppError('forbidden', `A ${actor} may not ${DESCRIBED[action]} an application`);
  }
  const row = rows.find((t) => t.who.includes(actor) && t.from.includes(application.status));
  if (!row) {
    throw new AppError(
      'invalid_state',
      `Cannot ${DESCRIBED[action]} an application that is ${application.status}`,
    );
  }
  return row.to;
}
