import { useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import type { ApplicationStatus } from '../../city/applications/data';

export type ListItem = Schemas['ApplicationListItem'];
export type Candidate = Schemas['ReviewerCandidate'];
export type Conflict = Schemas['CandidateConflict'];
export type AssignmentItem = Schemas['AssignmentResponse'];
export type AutoAssignmentReport = Schemas['AutoAssignmentReport'];
export type RankingRow = Schemas['RankingRow'];
export type RoundBudget = Schemas['CurrencyBudget'];
export type City = Schemas['CityResponse'];
export type DecisionBody = Schemas['DecisionDto'];
export type DecisionResult = Schemas['DecisionResponse'];
export type Outcome = DecisionBody['outcome'];

export const PAGE_SIZE = 25;

/** The list's filters: the API's query parameters, kept in the page's URL under the same names. */
export interface Filters {
  roundId?: string;
  status?: ApplicationStatus;
  cityId?: string;
  partnershipId?: string;
}
export const FILTER_NAMES = ['roundId', 'status', 'cityId', 'partnershipId'] as const;

/** What the office may decide, and from which statuses (SPEC §5.3). */
export const DECIDABLE: ApplicationStatus[] = ['in_review', 'waitlisted'];
export const outcomesFrom = (status: ApplicationStatus): Outcome[] =>
  status === 'in_review' ? ['approved', 'rejected', 'waitlisted'] : ['approved', 'rejected'];

/** The office's own query keys, apart from the city pages' cache of the same resources. */
export const keys = {
  all: ['office'] as const,
  list: (filters: Filters) => ['office', 'applications', filters] as const,
  candidates: (id: string) => ['office', 'application', id, 'candidates'] as const,
  assignments: (id: string) => ['office', 'application', id, 'assignments'] as const,
  ranking: (roundId: string) => ['office', 'ranking', roundId] as const,
  budget: (roundId: string) => ['office', 'budget', roundId] as const,
  rounds: ['office', 'rounds'] as const,
  cities: ['office', 'cities'] as const,
};

/** Every page of a keyset list: the office's rounds and cities are a few hundred at most. */
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

export async function listApplications(filters: Filters, cursor: string | undefined) {
  return unwrap(
    await api.GET('/api/v1/applications', {
      params: { query: { limit: PAGE_SIZE, cursor, ...filters } },
    }),
  );
}

/** Every round, drafts included (the office's filter and the ranking's heading). */
export function useAllRounds() {
  return useQuery({
    queryKey: keys.rounds,
    queryFn: () =>
      everyPage(async (cursor) =>
        unwrap(await api.GET('/api/v1/rounds', { params: { query: { limit: 200, cursor } } })),
      ),
    staleTime: 60_000,
  });
}

export function useCities() {
  return useQuery({
    queryKey: keys.cities,
    queryFn: () =>
      everyPage(async (cursor) =>
        unwrap(await api.GET('/api/v1/cities', { params: { query: { limit: 200, cursor } } })),
      ),
    staleTime: 5 * 60_000,
  });
}

/** Who could review the application, with their conflict: the reviewer directory of the page. */
export function useCandidates(applicationId: string, enabled = true) {
  return useQuery({
    queryKey: keys.candidates(applicationId),
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/applications/{id}/reviewer-candidates', {
          params: { path: { id: applicationId } },
        }),
      ).data,
  });
}

export function useAssignments(applicationId: string) {
  return useQuery({
    queryKey: keys.assignments(applicationId),
    queryFn: () =>
      everyPage(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/assignments', {
            params: { query: { applicationId, limit: 200, cursor } },
          }),
        ),
      ),
  });
}

export async function assignReviewer(applicationId: string, reviewerId: string) {
  return unwrap(
    await api.POST('/api/v1/applications/{id}/assignments', {
      params: { path: { id: applicationId }, header: idempotencyKey() },
      body: { reviewerId },
    }),
  );
}

export async function autoAssign(roundId: string) {
  return unwrap(
    await api.POST('/api/v1/rounds/{id}/assignments/auto', {
      params: { path: { id: roundId }, header: idempotencyKey() },
    }),
  );
}

export function useRanking(roundId: string) {
  return useQuery({
    queryKey: keys.ranking(roundId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/rounds/{id}/ranking', { params: { path: { id: roundId } } }))
        .data,
  });
}

export function useBudget(roundId: string | undefined) {
  return useQuery({
    queryKey: keys.budget(roundId ?? ''),
    enabled: Boolean(roundId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/rounds/{id}/budget', { params: { path: { id: roundId! } } }))
        .budgets,
  });
}

/** One decision, sent once: the key is made when the user confirms, so a retry replays it. */
export async function decide(applicationId: string, body: DecisionBody, key: string) {
  return unwrap(
    await api.POST('/api/v1/applications/{id}/decision', {
      params: { path: { id: applicationId }, header: { 'Idempotency-Key': key } },
      body,
    }),
  );
}
