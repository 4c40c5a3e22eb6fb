import { useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, type Schemas, unwrap } from '../../api/client';
import { useMe } from '../../auth/useSession';

export type Round = Schemas['RoundResponse'];
export type RoundStatus = Round['status'];
export type RoundBody = Schemas['CreateRoundDto'];
export type RoundChanges = Schemas['UpdateRoundDto'];
export type CurrencyBudget = Schemas['CurrencyBudget'];
export type Criterion = Schemas['RubricCriterionDto'];
export type Tranche = Schemas['TrancheDto'];
export type TrancheRelease = Tranche['releaseOn'];
export type RequiredReport = Schemas['RequiredReportDto'];
export type ReportKind = RequiredReport['kind'];

export const STATUSES: RoundStatus[] = ['draft', 'open', 'closed', 'archived'];
export const RELEASES: TrancheRelease[] = [
  'award',
  'interim_report_accepted',
  'final_report_accepted',
];
export const REPORT_KINDS: ReportKind[] = ['interim', 'final'];

/** One step each, never back (SPEC §5.2): the action a status offers and where it leads. */
export const TRANSITIONS = {
  draft: 'open',
  open: 'close',
  closed: 'archive',
  archived: null,
} as const satisfies Record<RoundStatus, RoundAction | null>;
export type RoundAction = 'open' | 'close' | 'archive';

export const PAGE_SIZE = 20;

/** The officer's rounds pages' own query keys (the city pages keep `['city', 'round', id]`). */
export const keys = {
  all: ['officer', 'rounds'] as const,
  list: (status: RoundStatus | null) => ['officer', 'rounds', 'list', status ?? 'all'] as const,
  round: (id: string) => ['officer', 'rounds', 'one', id] as const,
  budget: (id: string) => ['officer', 'rounds', 'budget', id] as const,
  usZones: ['officer', 'rounds', 'us-zones'] as const,
};

/** Who may create, edit and move rounds (the API's ROUND_MANAGERS); others only read. */
export function useManagesRounds(): boolean {
  const role = useMe().data?.role;
  return role === 'program_officer' || role === 'admin';
}

/** A round as last read or written, with the ETag an edit sends back as `If-Match`. */
export interface Versioned {
  round: Round;
  etag: string;
}

type Result = { data?: Round; error?: unknown; response: Response };
const versioned = (result: Result): Versioned => {
  const round = unwrap(result);
  // The ETag is the version (the API says so); the header is preferred when it is readable.
  return { round, etag: result.response.headers.get('etag') ?? `"${round.version}"` };
};

export async function listRounds(status: RoundStatus | null, cursor: string | undefined) {
  return unwrap(
    await api.GET('/api/v1/rounds', {
      params: { query: { limit: PAGE_SIZE, cursor, status: status ?? undefined } },
    }),
  );
}

export const roundQuery = (id: string) => ({
  queryKey: keys.round(id),
  queryFn: async () =>
    versioned(await api.GET('/api/v1/rounds/{id}', { params: { path: { id } } })),
});

export function useBudget(id: string) {
  return useQuery({
    queryKey: keys.budget(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/rounds/{id}/budget', { params: { path: { id } } })).budgets,
  });
}

/**
 * The US zones the round's times are also shown in, as the API chooses them: those of the US
 * cities of active partnerships (a new round has no `schedule` to read them from yet).
 */
export function useUsTimeZones() {
  return useQuery({
    queryKey: keys.usZones,
    queryFn: async () => {
      const zones = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/api/v1/partnerships', { params: { query: { limit: 200, cursor } } }),
        );
        for (const p of page.data) if (p.status === 'active') zones.add(p.usCity.timezone);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return [...zones].sort();
    },
    staleTime: 5 * 60_000,
  });
}

export async function createRound(body: RoundBody, key: string) {
  return versioned(
    await api.POST('/api/v1/rounds', { params: { header: { 'Idempotency-Key': key } }, body }),
  );
}

export async function updateRound(id: string, body: RoundChanges, etag: string) {
  return versioned(
    await api.PATCH('/api/v1/rounds/{id}', {
      params: { path: { id }, header: { 'If-Match': etag } },
      body,
    }),
  );
}

const TRANSITION_PATHS = {
  open: '/api/v1/rounds/{id}/open',
  close: '/api/v1/rounds/{id}/close',
  archive: '/api/v1/rounds/{id}/archive',
} as const;

export async function transitionRound(id: string, action: RoundAction) {
  return versioned(
    await api.POST(TRANSITION_PATHS[action], {
      params: { path: { id }, header: idempotencyKey() },
    }),
  );
}
