import { DISBURSEMENT_STATUSES, type DisbursementStatus } from '../awards/disbursement.entity';
import { AppError } from '../common/errors/app-error';
import {
  DISBURSEMENT_ACTIONS,
  type DisbursementAction,
  nextStatus,
  statusesFor,
} from './disbursement-transitions';

/** SPEC §5.7 written out independently of the table: (from, action) → to; every other pair is refused. */
const ALLOWED: Record<string, DisbursementStatus> = {
  'on_hold release': 'scheduled',
  'scheduled request': 'pending_approval',
  'failed request': 'pending_approval',
  'pending_approval approve': 'approved',
  'pending_approval reject': 'scheduled',
  'approved claim': 'sent',
  'sent settle_paid': 'paid',
  'sent settle_failed': 'failed',
  'on_hold cancel': 'cancelled',
  'scheduled cancel': 'cancelled',
  'pending_approval cancel': 'cancelled',
  'approved cancel': 'cancelled',
};

describe('disbursement transitions (SPEC §5.7)', () => {
  const pairs = DISBURSEMENT_STATUSES.flatMap((from) =>
    DISBURSEMENT_ACTIONS.map(
      (action) => [from, action] as [DisbursementStatus, DisbursementAction],
    ),
  );

  it.each(pairs)('%s + %s', (from, action) => {
    const expected = ALLOWED[`${from} ${action}`];
    if (expected) {
      expect(nextStatus(from, action)).toBe(expected);
    } else {
      let error: unknown;
      try {
        nextStatus(from, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_state');
    }
  });

  it('names what a payment run claims and what can be cancelled', () => {
    expect(statusesFor('claim')).toEqual(['approved']);
    expect(statusesFor('cancel')).toEqual(['on_hold', 'scheduled', 'pending_approval', 'approved']);
  });

  it('leaves paid and cancelled final', () => {
    for (const action of DISBURSEMENT_ACTIONS) {
      expect(() => nextStatus('paid', action)).toThrow(AppError);
      expect(() => nextStatus('cancelled', action)).toThrow(AppError);
    }
  });
});
