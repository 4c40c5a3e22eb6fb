import type { Side } from '../applications/application.entity';
import { type Currency, splitByPercents } from '../common/money/money';
import type { Tranche, TrancheRelease } from '../rounds/round.entity';
import type { DisbursementStatus } from './disbursement.entity';

/** What an award grants one side in one currency. */
export interface AwardedAmount {
  side: Side;
  currency: Currency;
  amountMinor: number;
}

/** One disbursement the approval creates: one tranche of one award line. */
export interface PlannedDisbursement {
  trancheKey: string;
  trancheIndex: number;
  releaseOn: TrancheRelease;
  side: Side;
  currency: Currency;
  amountMinor: number;
  status: Extract<DisbursementStatus, 'scheduled' | 'on_hold'>;
}

/**
 * A tranche that releases on the award is payable at once; every other one waits `on_hold` for
 * its grantee report (SPEC §5.7). Only the first tranche is expected to release on the award, but
 * a later one that does is scheduled too: nothing would ever release it otherwise.
 */
export const initialStatus = (
  tranche: Pick<Tranche, 'releaseOn'>,
): PlannedDisbursement['status'] => (tranche.releaseOn === 'award' ? 'scheduled' : 'on_hold');

/**
 * The disbursement schedule of an award (SPEC §5.5): each line split over the round's tranches
 * by largest remainder, so a line's tranches add back to exactly the line. A tranche whose share
 * rounds to nothing (¥1 at 30/70 gives the 30 % tranche ¥0) gets no disbursement: a payout of
 * zero is not a payout, and the line's total is unchanged.
 */
export function buildSchedule(
  lines: readonly AwardedAmount[],
  tranches: readonly Tranche[],
): PlannedDisbursement[] {
  const percents = tranches.map((t) => t.percent);
  return lines.flatMap((line) =>
    splitByPercents(line.amountMinor, percents).flatMap((amountMinor, trancheIndex) => {
      if (amountMinor === 0) return [];
      const tranche = tranches[trancheIndex];
      return [
        {
          trancheKey: tranche.key,
          trancheIndex,
          releaseOn: tranche.releaseOn,
          side: line.side,
          currency: line.currency,
          amountMinor,
          status: initialStatus(tranche),
        },
      ];
    }),
  );
}
