import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, asRead, idempotencyKey, type Schemas, unwrap } from '../../api/client';

export type Report = Schemas['ReportResponse'];
/** A report as the list gives it: with its awarded project's title. */
export type ListedReport = Schemas['ReportListItem'];
export type ReportStatus = Report['status'];
export type Export = Schemas['ExportResponse'];
export type ExportRequest = Schemas['RequestExportDto'];
export type ExportType = ExportRequest['type'];
export type ExportFormat = ExportRequest['format'];

export const REPORT_STATUSES: ReportStatus[] = [
  'submitted',
  'changes_requested',
  'accepted',
  'draft',
];
export const EXPORT_TYPES: ExportType[] = [
  'round_summary',
  'award_register',
  'disbursement_ledger',
  'reviewer_workload',
  'threesixty_giving',
];
/** The files each kind comes as: the 360Giving data standard also as its JSON package. */
export const formatsOf = (type: ExportType): ExportFormat[] =>
  type === 'threesixty_giving' ? ['json', 'csv', 'xlsx'] : ['csv', 'xlsx'];
/** The kinds that describe one round (SPEC §5.9): the API refuses them without a round. */
export const NEEDS_ROUND: ExportType[] = ['round_summary', 'reviewer_workload'];

export const PAGE_SIZE = 20;
/** How often the exports list is read again while one is queued or running. */
export const POLL_MS = 1000;

/** Query keys of the office's oversight pages. The report itself shares the city's key. */
export const keys = {
  reports: (filter: ReportFilter) => ['office', 'reports', filter] as const,
  allReports: ['office', 'reports'] as const,
  report: (id: string) => ['report', id] as const,
  exports: ['office', 'exports'] as const,
  rounds: ['office', 'rounds'] as const,
};

/** What the list is narrowed to, as the API filters it (SPEC §3: filters named after fields). */
export interface ReportFilter {
  status?: ReportStatus;
  overdue?: boolean;
}

/** Grantee reports, newest first, as far as the filter allows; page by page. */
export function useOfficeReports(filter: ReportFilter) {
  return useInfiniteQuery({
    queryKey: keys.reports(filter),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/reports', {
          params: { query: { ...filter, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * The report as the officer read it: a decision is refused (412) when the report changed since,
 * e.g. sent back by a colleague, edited and resubmitted meanwhile.
 */

export async function acceptReport(report: Report) {
  return unwrap(
    await api.POST('/api/v1/reports/{id}/accept', {
      params: { path: { id: report.id }, header: asRead(report) },
    }),
  );
}

export async function requestChanges(report: Report, message: string) {
  return unwrap(
    await api.POST('/api/v1/reports/{id}/request-changes', {
      params: { path: { id: report.id }, header: asRead(report) },
      body: { message },
    }),
  );
}

/** Every round (an office has a few a year): to choose an export's round and name it in the list. */
export function useRounds() {
  return useQuery({
    queryKey: keys.rounds,
    staleTime: 5 * 60_000,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/rounds', { params: { query: { limit: 200 } } })).data,
  });
}

const running = (row: Export) => row.status === 'queued' || row.status === 'running';

/** The exports, newest first; read again every second while one of them is not finished. */
export function useExports() {
  return useInfiniteQuery({
    queryKey: keys.exports,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/exports', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some(running)) ? POLL_MS : false,
  });
}

export async function requestExport(body: ExportRequest) {
  return unwrap(await api.POST('/api/v1/exports', { params: { header: idempotencyKey() }, body }));
}

/** The export's file, fetched with the session's token (a plain link would carry none). */
export async function fetchExportFile(id: string): Promise<Blob> {
  return unwrap(
    await api.GET('/api/v1/exports/{id}/download', {
      params: { path: { id } },
      parseAs: 'blob',
    }),
  ) as unknown as Blob;
}
