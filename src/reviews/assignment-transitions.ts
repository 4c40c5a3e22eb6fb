import { AppError } from '../common/errors/app-error';
import type { AssignmentStatus } from './assignment.entity';

export type AssignmentAction = 'save_draft' | 'submit' | 'decline';

/**
 * The assignment's life (SPEC §5.4): the reviewer drafts while `assigned`, then either submits
 * (the review is locked from then on) or declines (a declared conflict; the slot is freed and the
 * pair is never assigned again). Only the assigned reviewer acts; reach enforces that.
 */
export const ASSIGNMENT_TRANSITIONS: readonly {
  from: AssignmentStatus;
  action: AssignmentAction;
  to: AssignmentStatus;
}[] = [
  { from: 'assigned', action: 'save_draft', to: 'assigned' },
  { from: 'assigned', action: 'submit', to: 'submitted' },
  { from: 'assigned', action: 'decline', to: 'declined' },
];

const DESCRIBED: Record<AssignmentAction, string> = {
  save_draft: 'change the review of',
  submit: 'submit the review of',
  decline: 'decline',
};

/** The status `action` moves the assignment to, or 409 `invalid_state`. */
export function assignmentTransition(
  assignment: { status: AssignmentStatus },
  action: AssignmentAction,
): AssignmentStatus {
  const row = ASSIGNMENT_TRANSITIONS.find(
    (t) => t.action === action && t.from === assignment.status,
  );
  if (!row) {
    throw new AppError(
      'invalid_state',
      `Cannot ${DESCRIBED[action]} an assignment that is ${assignment.status}`,
    );
  }
  return row.to;
}
