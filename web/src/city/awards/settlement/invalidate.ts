import { type QueryClient } from '@tanstack/react-query';

/**
 * What a settlement or refund changes, asked again: the award (its payouts, settlements and
 * refunds share its key), the refunds list, the cities' holds and the finance pages' payouts.
 */
export function afterSettling(queries: QueryClient, awardId: string) {
  for (const queryKey of [['award', awardId], ['refunds'], ['holds'], ['finance']]) {
    void queries.invalidateQueries({ queryKey });
  }
}
