import type { Role } from '../auth/roles';
import { AppError } from '../common/errors/app-error';
import { APPLICATION_STATUSES, type ApplicationStatus } from './application.entity';
import {
  APPLICATION_ACTIONS,
  type ApplicationAction,
  rolesFor,
  transition,
} from './application-transitions';

/** SPEC §5.3, written out pair by pair: every (from, action) not listed here is refused. */
const ALLOWED: Record<ApplicationAction, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  sign_first: { draft: 'awaiting_cosign' },
  sign_second: { awaiting_cosign: 'submitted' },
  edit: { draft: 'draft', awaiting_cosign: 'draft' },
  assign: { submitted: 'in_review' },
  return: { submitted: 'draft', in_review: 'draft' },
  decide_approved: { in_review: 'approved', waitlisted: 'approved' },
  decide_rejected: { in_review: 'rejected', waitlisted: 'rejected' },
  decide_waitlisted: { in_review: 'waitlisted' },
  withdraw: {
    draft: 'withdrawn',
    awaiting_cosign: 'withdrawn',
    submitted: 'withdrawn',
    in_review: 'withdrawn',
  },
};

const WHO: Record<ApplicationAction, Role> = {
  sign_first: 'city_user',
  sign_second: 'city_user',
  edit: 'city_user',
  assign: 'program_officer',
  return: 'program_officer',
  decide_approved: 'program_officer',
  decide_rejected: 'program_officer',
  decide_waitlisted: 'program_officer',
  withdraw: 'city_user',
};

function attempt(status: ApplicationStatus, action: ApplicationAction, role: Role | null) {
  try {
    return transition({ status }, action, role ? { role } : null);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('application state machine (SPEC §5.3)', () => {
  const pairs = APPLICATION_STATUSES.flatMap((from) =>
    APPLICATION_ACTIONS.map((action) => [from, action] as const),
  );

  it.each(pairs)('%s × %s', (from, action) => {
    const expected = ALLOWED[action][from];
    const result = attempt(from, action, WHO[action]);
    if (expected) {
      expect(result).toBe(expected);
    } else {
      expect(result).toBeInstanceOf(AppError);
      expect(result).toMatchObject({
        code: 'invalid_state',
        status: 409,
        detail: expect.stringContaining(`an application that is ${from}`),
      });
    }
  });

  it('refuses a role that may never take the action with 403, whatever the status', () => {
    expect(attempt('awaiting_cosign', 'sign_second', 'program_officer')).toMatchObject({
      code: 'forbidden',
    });
    expect(attempt('submitted', 'return', 'city_user')).toMatchObject({ code: 'forbidden' });
    expect(attempt('in_review', 'decide_approved', 'reviewer')).toMatchObject({
      code: 'forbidden',
    });
    expect(attempt('draft', 'withdraw', 'admin')).toMatchObject({ code: 'forbidden' });
    expect(attempt('draft', 'sign_first', null)).toMatchObject({ code: 'forbidden' });
  });

  it('lets the system assign reviewers (auto-assignment), and officers by hand', () => {
    expect(attempt('submitted', 'assign', null)).toBe('in_review');
    expect(attempt('submitted', 'assign', 'admin')).toBe('in_review');
  });

  it('names the roles each route admits', () => {
    expect(rolesFor('sign_first')).toEqual(['city_user']);
    expect(rolesFor('edit')).toEqual(['city_user']);
    expect(rolesFor('withdraw')).toEqual(['city_user']);
    expect(rolesFor('return')).toEqual(['program_officer', 'admin']);
    expect(rolesFor('assign')).toEqual(['program_officer', 'admin']);
  });
});
