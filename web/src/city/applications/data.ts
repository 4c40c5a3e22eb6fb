import { useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';

export type Application = Schemas['ApplicationResponse'];
export type ApplicationStatus = Application['status'];
export type ApplicationListItem = Schemas['ApplicationListItem'];
export type BudgetLine = Schemas['BudgetLineDto'];
export type Side = BudgetLine['side'];
export type Partnership = Schemas['PartnershipResponse'];
export type City = Schemas['CityResponse'];
export type Round = Schemas['RoundResponse'];
export type SignedVersion = Schemas['SignedVersionDto'];
export type SignedContent = Schemas['SignedContentDto'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type ApplicationBody = Schemas['CreateApplicationDto'];
export type ApplicationChanges = Schemas['UpdateApplicationDto'];

export const STATUSES: ApplicationStatus[] = [
  'draft',
  'awaiting_cosign',
  'submitted',
  'in_review',
  'waitlisted',
  'approved',
  'rejected',
  'withdrawn',
];
export const SIDES: Side[] = ['JP', 'US'];

export const EDITABLE: ApplicationStatus[] = ['draft', 'awaiting_cosign'];
export const WITHDRAWABLE: ApplicationStatus[] = [
  'draft',
  'awaiting_cosign',
  'submitted',
  'in_review',
];

export const PAGE_SIZE = 20;

/** The city pages' own query keys, so no other page's cache shape collides with them. */
export const keys = {
  applications: (status: ApplicationStatus | null) =>
    ['city', 'applications', status ?? 'all'] as const,
  application: (id: string) => ['city', 'application', id] as const,
  signedVersions: (id: string) => ['city', 'application', id, 'signed-versions'] as const,
  history: (id: string) => ['city', 'application', id, 'history'] as const,
  inRound: (partnershipId: string, roundId: string) =>
    ['city', 'applications', 'partnership', partnershipId, roundId] as const,
  partnerships: ['city', 'partnerships'] as const,
  rounds: ['city', 'rounds'] as const,
  round: (id: string) => ['city', 'round', id] as const,
};

/** An application as last read or written, with the ETag an edit sends back as `If-Match`. */
export interface Versioned {
  application: Application;
  etag: string | null;
}

type Result<T> = { data?: T; error?: unknown; response: Response };
const versioned = (result: Result<Application>): Versioned => ({
  application: unwrap(result),
  etag: result.response.headers.get('etag'),
});

/** Every page of a keyset list (a city's partnerships and the rounds are a handful). */
async function everyPage<T>(
  page: (cursor?: string) => Promise<{ data: T[]; nextCursor?: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...next.data);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function listApplications(
  status: ApplicationStatus | null,
  cursor: string | undefined,
) {
  return unwrap(
    await api.GET('/api/v1/applications', {
      params: { query: { limit: PAGE_SIZE, cursor, status: status ?? undefined } },
    }),
  );
}

export const applicationQuery = (id: string) => ({
  queryKey: keys.application(id),
  queryFn: async () =>
    versioned(await api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
});

export function usePartnerships() {
  return useQuery({
    queryKey: keys.partnerships,
    queryFn: () =>
      everyPage(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/partnerships', { params: { query: { limit: 200, cursor } } }),
        ),
      ),
    staleTime: 5 * 60_000,
  });
}

/** The published rounds a city user may read (open, closed, archived). */
export function useRounds() {
  return useQuery({
    queryKey: keys.rounds,
    queryFn: () =>
      everyPage(async (cursor) =>
        unwrap(await api.GET('/api/v1/rounds', { params: { query: { limit: 200, cursor } } })),
      ),
    staleTime: 60_000,
  });
}

export function useRound(id: string | undefined) {
  return useQuery({
    queryKey: keys.round(id ?? ''),
    enabled: Boolean(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/rounds/{id}', { params: { path: { id: id! } } })),
    staleTime: 60_000,
  });
}

/** Open, and between its opening and closing instants: a round that takes applications now. */
export const acceptsApplications = (round: Round, now = Date.now()) =>
  round.status === 'open' && Date.parse(round.opensAt) <= now && now < Date.parse(round.closesAt);

export function useSignedVersions(id: string) {
  return useQuery({
    queryKey: keys.signedVersions(id),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/applications/{id}/signed-versions', { params: { path: { id } } }),
      ).data,
  });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: keys.history(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/applications/{id}/history', { params: { path: { id } } })).data,
  });
}

export async function createApplication(body: ApplicationBody, key: string) {
  return versioned(
    await api.POST('/api/v1/applications', {
      params: { header: { 'Idempotency-Key': key } },
      body,
    }),
  );
}

export async function updateApplication(id: string, body: ApplicationChanges, etag: string | null) {
  return versioned(
    await api.PATCH('/api/v1/applications/{id}', {
      params: { path: { id }, header: etag ? { 'If-Match': etag } : {} },
      body,
    }),
  );
}

export async function signApplication(id: string, contentHash: string) {
  return versioned(
    await api.POST('/api/v1/applications/{id}/sign', {
      params: { path: { id }, header: idempotencyKey() },
      body: { contentHash },
    }),
  );
}

export async function withdrawApplication(id: string) {
  return versioned(
    await api.POST('/api/v1/applications/{id}/withdraw', {
      params: { path: { id }, header: idempotencyKey() },
    }),
  );
}
