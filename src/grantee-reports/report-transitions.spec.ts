import { AppError } from '../common/errors/app-error';
import { REPORT_STATUSES } from './grantee-report.entity';
import { rolesFor, transitionFor } from './report-transitions';

const statusCode = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as AppError).code;
  }
};

describe('report transitions (SPEC §5.8)', () => {
  it('lets the grantee submit a draft or a report sent back, and only those', () => {
    for (const status of REPORT_STATUSES) {
      const allowed = status === 'draft' || status === 'changes_requested';
      expect(statusCode(() => transitionFor({ status }, 'submit', { role: 'city_user' }))).toBe(
        allowed ? null : 'invalid_state',
      );
    }
    expect(transitionFor({ status: 'draft' }, 'submit', { role: 'city_user' }).to).toBe(
      'submitted',
    );
  });

  it('lets the office accept or send back a submitted report only', () => {
    for (const status of REPORT_STATUSES) {
      for (const action of ['accept', 'request_changes'] as const) {
        expect(
          statusCode(() => transitionFor({ status }, action, { role: 'program_officer' })),
        ).toBe(status === 'submitted' ? null : 'invalid_state');
      }
    }
    expect(transitionFor({ status: 'submitted' }, 'accept', { role: 'admin' }).to).toBe('accepted');
  });

  it('refuses a role the action is not for with 403, whatever the status', () => {
    expect(
      statusCode(() => transitionFor({ status: 'submitted' }, 'accept', { role: 'city_user' })),
    ).toBe('forbidden');
    expect(
      statusCode(() => transitionFor({ status: 'draft' }, 'edit', { role: 'program_officer' })),
    ).toBe('forbidden');
    expect(rolesFor('accept').sort()).toEqual(['admin', 'program_officer']);
    expect(rolesFor('submit').sort()).toEqual(['admin', 'city_user']);
  });
});
