import { AppError } from '../common/errors/app-error';
import type { RoundStatus } from './round.entity';

export type RoundAction = 'open' | 'close' | 'archive';

interface RoundTransition {
  from: RoundStatus;
  action: RoundAction;
  to: RoundStatus;
  /** The audit action and outbox event the transition records. */
  event: string;
}

/** SPEC §5.2: draft → open → closed → archived, one step at a time, never back. */
export const ROUND_TRANSITIONS: readonly RoundTransition[] = [
  { from: 'draft', action: 'open', to: 'open', event: 'round.opened' },
  { from: 'open', action: 'close', to: 'closed', event: 'round.closed' },
  { from: 'closed', action: 'archive', to: 'archived', event: 'round.archived' },
];

/** The transition `action` takes from `status`, or 409 invalid_state naming both. */
export function transitionFor(status: RoundStatus, action: RoundAction): RoundTransition {
  const transition = ROUND_TRANSITIONS.find((t) => t.from === status && t.action === action);
  if (!transition) {
    throw new AppError('invalid_state', `Cannot ${action} a round whose status is ${status}`);
  }
  return transition;
}
