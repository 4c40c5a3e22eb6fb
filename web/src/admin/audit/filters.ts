/** The audit log's filters as the URL carries them (SPEC §5.11: the API's own query names). */
export interface AuditFilters {
  entityType: string;
  entityId: string;
  actorId: string;
  /** Calendar dates (YYYY-MM-DD), read as whole days in UTC. */
  from: string;
  to: string;
}

export const FILTER_NAMES: (keyof AuditFilters)[] = [
  'entityType',
  'entityId',
  'actorId',
  'from',
  'to',
];

export const filtersOf = (params: URLSearchParams): AuditFilters => ({
  entityType: params.get('entityType') ?? '',
  entityId: params.get('entityId') ?? '',
  actorId: params.get('actorId') ?? '',
  from: params.get('from') ?? '',
  to: params.get('to') ?? '',
});

/** The URL's query for the filters that are set, blanks left out. */
export const paramsOf = (filters: AuditFilters): Record<string, string> =>
  Object.fromEntries(
    FILTER_NAMES.map((name) => [name, filters[name].trim()]).filter(([, value]) => value),
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with the filters before asking (each named by its message's catalog key). */
export function filterErrors(filters: AuditFilters): Partial<Record<keyof AuditFilters, string>> {
  const errors: Partial<Record<keyof AuditFilters, string>> = {};
  if (filters.actorId.trim() && !UUID.test(filters.actorId.trim())) {
    errors.actorId = 'administration:audit.errors.uuid';
  }
  if (filters.from && !DATE.test(filters.from)) errors.from = 'administration:audit.errors.date';
  if (filters.to && !DATE.test(filters.to)) errors.to = 'administration:audit.errors.date';
  if (!errors.from && !errors.to && filters.from && filters.to && filters.from > filters.to) {
    errors.to = 'administration:audit.errors.order';
  }
  return errors;
}

/**
 * The API's query: a `to` date includes its whole day (the API reads a bare date as its first
 * instant, which would leave the day out).
 */
export const queryOf = (filters: AuditFilters) => ({
  entityType: filters.entityType || undefined,
  entityId: filters.entityId || undefined,
  actorId: filters.actorId || undefined,
  from: filters.from ? `${filters.from}T00:00:00Z` : undefined,
  to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
});
