import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** One grantee report with its expenses compared with the award. */
export function useReport(id: string, enabled = true) {
  return useQuery({
    queryKey: ['report', id],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/reports/{id}', { params: { path: { id } } })),
  });
}

/** The reports of one award (a few at most: one per kind and side). */
export function useAwardReports(awardId: string) {
  return useQuery({
    queryKey: ['reports', { awardId }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/reports', { params: { query: { awardId, limit: 50 } } })),
  });
}

/** The round an award belongs to: which reports it requires and when they are due. */
export function useRound(roundId: string | undefined) {
  return useQuery({
    queryKey: ['round', roundId],
    enabled: roundId !== undefined,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/rounds/{id}', { params: { path: { id: roundId ?? '' } } })),
  });
}
