import { AppError } from '../common/errors/app-error';
import { ROUND_STATUSES } from './round.entity';
import { ROUND_TRANSITIONS, RoundAction, transitionFor } from './round-transitions';

describe('round transitions', () => {
  it('walks draft → open → closed → archived, recording one event per step', () => {
    expect(transitionFor('draft', 'open')).toMatchObject({ to: 'open', event: 'round.opened' });
    expect(transitionFor('open', 'close')).toMatchObject({ to: 'closed', event: 'round.closed' });
    expect(transitionFor('closed', 'archive')).toMatchObject({
      to: 'archived',
      event: 'round.archived',
    });
  });

  it('refuses every other (status, action) pair with invalid_state naming both', () => {
    const actions: RoundAction[] = ['open', 'close', 'archive'];
    for (const status of ROUND_STATUSES) {
      for (const action of actions) {
        if (ROUND_TRANSITIONS.some((t) => t.from === status && t.action === action)) continue;
        let error: unknown;
        try {
          transitionFor(status, action);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('invalid_state');
        expect((error as AppError).detail).toBe(
          `Cannot ${action} a round whose status is ${status}`,
        );
      }
    }
  });
});
