import type { Role } from '../auth/roles';
import { AppError } from '../common/errors/app-error';
import type { AmendmentStatus } from './award-amendment.entity';

export type AmendmentAction = 'approve' | 'decline' | 'withdraw';

export interface AmendmentTransition {
  from: readonly AmendmentStatus[];
  action: AmendmentAction;
  who: readonly Role[];
  to: AmendmentStatus;
  /** The audit action and outbox event. */
  event: string;
}

/** The program office decides (変更承認); the award's cities may take their request back. */
const OFFICERS: readonly Role[] = ['program_officer', 'admin'];
const GRANTEE: readonly Role[] = ['city_user'];

/**
 * The amendment state machine after the request: `requested` → approved | declined | withdrawn.
 * A `recorded` budget move (within the round's share) is final when it is created.
 */
export const AMENDMENT_TRANSITIONS: readonly AmendmentTransition[] = [
  {
    from: ['requested'],
    action: 'approve',
    who: OFFICERS,
    to: 'approved',
    event: 'amendment.approved',
  },
  {
    from: ['requested'],
    action: 'decline',
    who: OFFICERS,
    to: 'declined',
    event: 'amendment.declined',
  },
  {
    from: ['requested'],
    action: 'withdraw',
    who: GRANTEE,
    to: 'withdrawn',
    event: 'amendment.withdrawn',
  },
];

/** Who may request an amendment (a user of one of the award's cities; reach narrows to them). */
export const AMENDMENT_REQUESTERS: Role[] = [...GRANTEE];

export function rolesFor(action: AmendmentAction): Role[] {
  return [
    ...new Set(AMENDMENT_TRANSITIONS.filter((t) => t.action === action).flatMap((t) => t.who)),
  ];
}

/** The transition, or 403 for a role that never takes it, 409 from any other status. */
export function amendmentTransition(
  amendment: { status: AmendmentStatus },
  action: AmendmentAction,
  role: Role,
): AmendmentTransition {
  const row = AMENDMENT_TRANSITIONS.find((t) => t.action === action)!;
  if (!row.who.includes(role)) {
    throw new AppError('forbidden', `A ${role} may not ${action} an amendment`);
  }
  if (!row.from.includes(amendment.status)) {
    throw new AppError(
      'invalid_state',
      `Cannot ${action} an amendment that is ${amendment.status}`,
    );
  }
  return row;
}
