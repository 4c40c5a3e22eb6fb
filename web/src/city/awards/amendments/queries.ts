import { useQuery } from '@tanstack/react-query';
import { api, ApiProblem, asRead, type Schemas, unwrap } from '../../../api/client';

export type Amendment = Schemas['AmendmentResponse'];
export type AmendmentKind = Amendment['kind'];
export type AmendmentRequest = Schemas['CreateAmendmentDto'];
export type AwardVersion = Schemas['AwardVersionResponse'];

export const KINDS: AmendmentKind[] = ['budget_move', 'no_cost_extension', 'dates', 'scope'];

/** An award has a handful of amendments and versions: one page of the API's largest holds them. */
const ALL = 200;

/** Under the award's key, so that refreshing the award refreshes its amendments and versions. */
export const keys = {
  award: (awardId: string) => ['award', awardId] as const,
  amendments: (awardId: string) => ['award', awardId, 'amendments'] as const,
  versions: (awardId: string) => ['award', awardId, 'versions'] as const,
};

/** The award's amendments, newest first. */
export function useAmendments(awardId: string) {
  return useQuery({
    queryKey: keys.amendments(awardId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/awards/{id}/amendments', {
          params: { path: { id: awardId }, query: { limit: ALL } },
        }),
      ).data,
  });
}

/** The award's versions (its terms' history), oldest first. */
export function useVersions(awardId: string) {
  return useQuery({
    queryKey: keys.versions(awardId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/awards/{id}/versions', {
          params: { path: { id: awardId }, query: { limit: ALL } },
        }),
      ).data,
  });
}

export async function requestAmendment(awardId: string, body: AmendmentRequest, key: string) {
  return unwrap(
    await api.POST('/api/v1/awards/{id}/amendments', {
      params: { path: { id: awardId }, header: { 'Idempotency-Key': key } },
      body,
    }),
  );
}

export async function approveAmendment(amendment: Amendment, note: string) {
  return unwrap(
    await api.POST('/api/v1/amendments/{id}/approve', {
      params: { path: { id: amendment.id }, header: asRead(amendment) },
      body: note ? { note } : {},
    }),
  );
}

export async function declineAmendment(amendment: Amendment, note: string) {
  return unwrap(
    await api.POST('/api/v1/amendments/{id}/decline', {
      params: { path: { id: amendment.id }, header: asRead(amendment) },
      body: { note },
    }),
  );
}

export async function withdrawAmendment(amendment: Amendment) {
  return unwrap(
    await api.POST('/api/v1/amendments/{id}/withdraw', {
      params: { path: { id: amendment.id }, header: asRead(amendment) },
    }),
  );
}

/** A refusal meaning the request was decided or withdrawn since the page read it. */
export const isStale = (error: unknown): error is ApiProblem =>
  error instanceof ApiProblem &&
  (error.code === 'invalid_state' || error.code === 'precondition_failed');
