import { api, idempotencyKey, type Schemas, unwrap } from '../api/client';

export type Assignment = Schemas['AssignmentDetailResponse'];
export type AssignmentStatus = Assignment['status'];
export type Application = Schemas['ApplicationResponse'];
export type Criterion = Schemas['RubricCriterionDto'];
export type Recommendation = NonNullable<Schemas['ReviewResponse']['recommendation']>;
export type ReviewBody = Schemas['SaveReviewDto'];

export const RECOMMENDATIONS: Recommendation[] = ['fund', 'maybe', 'do_not_fund'];

/** An assignment as last read or written, with the ETag a save sends back as `If-Match`. */
export interface Versioned {
  assignment: Assignment;
  etag: string | null;
}

/** Query keys of the reviewer's pages (their own, so no other page's cache shape collides). */
export const keys = {
  list: ['reviewer', 'assignments'] as const,
  assignment: (id: string) => ['reviewer', 'assignment', id] as const,
  application: (id: string) => ['reviewer', 'application', id] as const,
  round: (id: string) => ['reviewer', 'round', id] as const,
};

export const PAGE_SIZE = 20;

const versioned = (result: { data?: Assignment; error?: unknown; response: Response }) => ({
  assignment: unwrap(result),
  etag: result.response.headers.get('etag'),
});

export async function listAssignments(cursor: string | undefined) {
  return unwrap(
    await api.GET('/api/v1/assignments', { params: { query: { limit: PAGE_SIZE, cursor } } }),
  );
}

export const assignmentQuery = (id: string) => ({
  queryKey: keys.assignment(id),
  queryFn: async (): Promise<Versioned> =>
    versioned(await api.GET('/api/v1/assignments/{id}', { params: { path: { id } } })),
});

export const applicationQuery = (id: string) => ({
  queryKey: keys.application(id),
  queryFn: async () =>
    unwrap(await api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
  staleTime: 5 * 60_000,
});

export const roundQuery = (id: string) => ({
  queryKey: keys.round(id),
  queryFn: async () => unwrap(await api.GET('/api/v1/rounds/{id}', { params: { path: { id } } })),
  staleTime: 5 * 60_000,
});

export async function saveReview(id: string, body: ReviewBody, etag: string | null) {
  return versioned(
    await api.PUT('/api/v1/assignments/{id}/review', {
      params: { path: { id }, header: etag ? { 'If-Match': etag } : {} },
      body,
    }),
  );
}

export async function submitReview(id: string) {
  return versioned(
    await api.POST('/api/v1/assignments/{id}/review/submit', {
      params: { path: { id }, header: idempotencyKey() },
    }),
  );
}

export async function declineAssignment(id: string, reason: string) {
  return versioned(
    await api.POST('/api/v1/assignments/{id}/decline', {
      params: { path: { id }, header: idempotencyKey() },
      body: { reason },
    }),
  );
}
