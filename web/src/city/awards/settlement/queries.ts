import { useQuery } from '@tanstack/react-query';
import { api, asRead, idempotencyKey, type Schemas, unwrap } from '../../../api/client';

export type Settlement = Schemas['SettlementResponse'];
export type Refund = Schemas['RefundResponse'];
export type RefundStatus = Refund['status'];
export type PayoutHold = Schemas['PayoutHoldDto'];
export type HoldReason = Schemas['PayoutHoldReasonDto'];
export type Side = Settlement['side'];

export const REFUND_STATUSES: RefundStatus[] = ['due', 'received', 'cancelled'];

/**
 * Settlements, refunds and holds are moved on by others (the office confirms, finance records a
 * receipt): asked again whenever a page shows them.
 */
const LIVE = { staleTime: 0 } as const;

export const keys = {
  settlements: (awardId: string) => ['award', awardId, 'settlements'] as const,
  awardRefunds: (awardId: string) => ['award', awardId, 'refunds'] as const,
  refunds: ['refunds'] as const,
  refundList: (status: RefundStatus | null) => ['refunds', status] as const,
  holds: (cityId: string) => ['holds', cityId] as const,
};

/** The award's settlements: one per side at most. */
export function useSettlements(awardId: string) {
  return useQuery({
    queryKey: keys.settlements(awardId),
    ...LIVE,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/awards/{id}/settlements', {
          params: { path: { id: awardId }, query: { limit: 10 } },
        }),
      ).data,
  });
}

/** The refunds the award's cities owe (a city user is shown its own city's only). */
export function useAwardRefunds(awardId: string) {
  return useQuery({
    queryKey: keys.awardRefunds(awardId),
    ...LIVE,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/refunds', { params: { query: { awardId, limit: 50 } } })).data,
  });
}

/** Whether the city's payouts are held, and why. */
export function useHolds(cityId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.holds(cityId ?? ''),
    ...LIVE,
    enabled: enabled && cityId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/cities/{id}/holds', { params: { path: { id: cityId ?? '' } } }),
      ),
  });
}

/**
 * Computes (or recomputes) the side's draft from its accepted final report, leaving out the
 * expenses the office found not eligible.
 */
export async function computeSettlement(
  awardId: string,
  side: Side,
  excludedExpenses: Schemas['ExcludedExpenseDto'][] = [],
) {
  return unwrap(
    await api.POST('/api/v1/awards/{id}/settlements', {
      params: { path: { id: awardId }, header: idempotencyKey() },
      body: { side, excludedExpenses },
    }),
  );
}

/** Confirms the draft as the officer read it (412 when it was recomputed since). */
export async function confirmSettlement(settlement: Settlement) {
  return unwrap(
    await api.POST('/api/v1/settlements/{id}/confirm', {
      params: {
        path: { id: settlement.id },
        header: asRead(settlement),
      },
    }),
  );
}

/** Records money received against the refund as the user read it (412 when it moved since). */
export async function receiveRefund(refund: Refund, body: Schemas['ReceiveRefundDto']) {
  return unwrap(
    await api.POST('/api/v1/refunds/{id}/receive', {
      params: { path: { id: refund.id }, header: asRead(refund) },
      body,
    }),
  );
}

export async function waiveRefund(refund: Refund, reason: string) {
  return unwrap(
    await api.POST('/api/v1/refunds/{id}/cancel', {
      params: { path: { id: refund.id }, header: asRead(refund) },
      body: { reason },
    }),
  );
}

/** The API's limit on a waiver's reason (CancelRefundDto). */
export const MAX_REASON = 1000;
