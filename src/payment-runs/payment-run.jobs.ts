import type { Currency } from '../common/money/money';
import type { Rail } from '../payees/payee-account.entity';

/** Each rail pays in one currency (SPEC §5.6): ACH ↔ USD, Zengin ↔ JPY. */
export const RAIL_CURRENCY: Record<Rail, Currency> = { ach: 'USD', zengin: 'JPY' };

export const PAYMENT_RUN_JOB = 'payment-run';

/** The outbox event that asks the worker to enqueue a run (written with the run row). */
export const PAYMENT_RUN_REQUESTED = 'payment_run.requested';

export interface PaymentRunJob {
  runId: string;
}

/**
 * The run's job id: one job per run, so a repeated add is a no-op. BullMQ refuses custom ids with
 * a single `:`, hence `-` rather than the `payment-run:<id>` of the queue's comment.
 */
export const paymentRunJobId = (runId: string) => `${PAYMENT_RUN_JOB}-${runId}`;
