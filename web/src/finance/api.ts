import { useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, type Schemas, unwrap } from '../api/client';

export type Disbursement = Schemas['DisbursementWorkflowResponse'];
export type DisbursementStatus = Disbursement['status'];
export type PayeeAccount = Schemas['PayeeAccountResponse'];
export type PaymentRun = Schemas['PaymentRunResponse'];
export type Rail = PaymentRun['rail'];

export const DISBURSEMENT_STATUSES: DisbursementStatus[] = [
  'on_hold',
  'scheduled',
  'pending_approval',
  'approved',
  'sent',
  'paid',
  'failed',
  'cancelled',
];

/** SPEC §5.7: ACH pays dollars, Zengin yen. */
export const RAIL_OF: Record<Disbursement['currency'], Rail> = { USD: 'ach', JPY: 'zengin' };

export const PAGE_SIZE = 50;

/**
 * Payouts, accounts and runs are moved on by others (approvers, officers, the worker): their
 * queries are asked again whenever a page shows them, not kept for the portal's 15 s.
 */
export const LIVE = { staleTime: 0 } as const;

/** Query keys of the finance pages (their own, so no other page's cache shape collides). */
export const keys = {
  payeeQueue: ['finance', 'payee-queue'] as const,
  accountsFor: (cityId: string, rail: Rail) => ['finance', 'accounts', cityId, rail] as const,
  disbursements: ['finance', 'disbursements'] as const,
  disbursementList: (status: DisbursementStatus | null) =>
    ['finance', 'disbursements', status] as const,
  disbursement: (id: string) => ['finance', 'disbursement', id] as const,
  runs: ['finance', 'runs'] as const,
  run: (id: string) => ['finance', 'run', id] as const,
  runDisbursements: (id: string) => ['finance', 'run', id, 'disbursements'] as const,
  city: (id: string) => ['finance', 'city', id] as const,
  award: (id: string) => ['finance', 'award', id] as const,
};

export function useDisbursement(id: string) {
  return useQuery({
    queryKey: keys.disbursement(id),
    ...LIVE,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/disbursements/{id}', { params: { path: { id } } })),
  });
}

/** The award a payout belongs to (its project title and cities); rarely changes. */
export function useAwardOf(awardId: string | undefined) {
  return useQuery({
    queryKey: keys.award(awardId ?? ''),
    enabled: awardId !== undefined,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/awards/{id}', { params: { path: { id: awardId ?? '' } } })),
  });
}

/** A city by id (its name in both languages); the register hardly changes while a page is open. */
export function useCity(id: string | undefined) {
  return useQuery({
    queryKey: keys.city(id ?? ''),
    enabled: id !== undefined,
    staleTime: 60 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/cities/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

/** Verified accounts a payout of this city and rail may go to. */
export function useVerifiedAccounts(cityId: string | undefined, rail: Rail) {
  return useQuery({
    queryKey: keys.accountsFor(cityId ?? '', rail),
    ...LIVE,
    enabled: cityId !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/payee-accounts', {
          params: { query: { cityId, rail, status: 'verified', limit: 200 } },
        }),
      ).data,
  });
}

export async function verifyAccount(id: string) {
  return unwrap(
    await api.POST('/api/v1/payee-accounts/{id}/verify', {
      params: { path: { id } },
      headers: idempotencyKey(),
    }),
  );
}

type Action = 'request' | 'approve' | 'reject' | 'settle' | 'cancel';

/**
 * One workflow action on a payout. Each carries an Idempotency-Key, so a double click replays the
 * first answer instead of acting twice.
 */
export async function act(
  id: string,
  action: Action,
  body?:
    Schemas['RequestDisbursementDto'] | Schemas['ReasonDto'] | Schemas['SettleDisbursementDto'],
): Promise<Disbursement> {
  const init = { params: { path: { id } }, headers: idempotencyKey() };
  switch (action) {
    case 'request':
      return unwrap(
        await api.POST('/api/v1/disbursements/{id}/request', {
          ...init,
          body: body as Schemas['RequestDisbursementDto'],
        }),
      );
    case 'approve':
      return unwrap(await api.POST('/api/v1/disbursements/{id}/approve', init));
    case 'reject':
      return unwrap(
        await api.POST('/api/v1/disbursements/{id}/reject', {
          ...init,
          body: body as Schemas['ReasonDto'],
        }),
      );
    case 'settle':
      return unwrap(
        await api.POST('/api/v1/disbursements/{id}/settle', {
          ...init,
          body: body as Schemas['SettleDisbursementDto'],
        }),
      );
    case 'cancel':
      return unwrap(
        await api.POST('/api/v1/disbursements/{id}/cancel', {
          ...init,
          body: body as Schemas['ReasonDto'],
        }),
      );
  }
}

/** A run is worth asking about again while the worker has it. */
export const isRunning = (run: Pick<PaymentRun, 'status'>) =>
  run.status === 'queued' || run.status === 'running';

/** How often a page asks about a running payment run. */
export const POLL_MS = 1_000;

export function usePaymentRun(id: string) {
  return useQuery({
    queryKey: keys.run(id),
    ...LIVE,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/payment-runs/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data) ? POLL_MS : false),
  });
}

export async function createPaymentRun(body: Schemas['CreatePaymentRunDto']) {
  return unwrap(await api.POST('/api/v1/payment-runs', { body, headers: idempotencyKey() }));
}

/** The run's bank file as bytes (NACHA ASCII or Zengin Shift_JIS: never decoded as text). */
export async function downloadRunFile(id: string): Promise<Blob> {
  return unwrap(
    await api.GET('/api/v1/payment-runs/{id}/file', {
      params: { path: { id } },
      parseAs: 'blob',
    }),
  ) as Blob;
}

/** SHA-256 of the bytes, hex, to compare with the run's `fileSha256`. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
