import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { AppError } from '../common/errors/app-error';
import type { ReportStatus } from './grantee-report.entity';

export type ReportAction = 'edit' | 'submit' | 'accept' | 'request_changes';

export interface ReportTransition {
  from: readonly ReportStatus[];
  action: ReportAction;
  who: readonly Role[];
  /** Null: the status stays (an edit). */
  to: ReportStatus | null;
  /** The audit action and outbox event the transition records. */
  event: string;
}

/** The grantee writes the report; the program office reviews it (SPEC §4, §5.8). */
const GRANTEE: readonly Role[] = ['city_user', 'admin'];
const OFFICERS: readonly Role[] = ['program_officer', 'admin'];

/**
 * The grantee-report state machine (SPEC §5.8), the one place it is written down. Which side's
 * city may write a report is a record-level check the service makes; this table says which role
 * may do what from which status.
 */
export const REPORT_TRANSITIONS: readonly ReportTransition[] = [
  {
    from: ['draft', 'changes_requested'],
    action: 'edit',
    who: GRANTEE,
    to: null,
    event: 'report.updated',
  },
  {
    from: ['draft', 'changes_requested'],
    action: 'submit',
    who: GRANTEE,
    to: 'submitted',
    event: 'report.submitted',
  },
  {
    from: ['submitted'],
    action: 'accept',
    who: OFFICERS,
    to: 'accepted',
    event: 'report.accepted',
  },
  {
    from: ['submitted'],
    action: 'request_changes',
    who: OFFICERS,
    to: 'changes_requested',
    event: 'report.changes_requested',
  },
];

/** The roles that may ever take `action` (what its route's `@Allow` declares). */
export function rolesFor(action: ReportAction): Role[] {
  return [...new Set(REPORT_TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.who))];
}

const DESCRIBED: Record<ReportAction, string> = {
  edit: 'edit',
  submit: 'submit',
  accept: 'accept',
  request_changes: 'request changes to',
};

/**
 * The transition `action` by `principal` takes from the report's status. Throws 403 when that role
 * may never take the action, 409 `invalid_state` when the status does not allow it.
 */
export function transitionFor(
  report: { status: ReportStatus },
  action: ReportAction,
  principal: Pick<Principal, 'role'>,
): ReportTransition {
  const rows = REPORT_TRANSITIONS.filter((t) => t.action === action);
  if (!rows.some((t) => t.who.includes(principal.role))) {
    throw new AppError('forbidden', `A ${principal.role} may not ${DESCRIBED[action]} a report`);
  }
  const row = rows.find((t) => t.who.includes(principal.role) && t.from.includes(report.status));
  if (!row) {
    throw new AppError(
      'invalid_state',
      `Cannot ${DESCRIBED[action]} a report that is ${report.status}`,
    );
  }
  return row;
}
