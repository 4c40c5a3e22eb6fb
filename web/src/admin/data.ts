import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';

export type User = Schemas['UserDto'];
export type Role = User['role'];
export type ApiKey = Schemas['ApiKeyDto'];
export type ApiKeyScope = ApiKey['scopes'][number];
export type Webhook = Schemas['WebhookResponse'];
export type WebhookEvent = Schemas['CreateWebhookDto']['events'][number];
export type Delivery = Schemas['DeliveryResponse'];
export type AuditEvent = Schemas['AuditEventView'];
export type City = Schemas['CityResponse'];

/**
 * `true` when `listed` names every value of the API's enum `All`; otherwise the values left out,
 * so that a value added to the API (and to openapi.json) fails the portal's typecheck until a
 * form offers it.
 */
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;

/** The API's enums, in the order the forms offer them (SPEC §4, §5.10). */
export const ROLES = [
  'admin',
  'program_officer',
  'reviewer',
  'city_user',
  'finance_officer',
  'finance_approver',
  'auditor',
] as const satisfies readonly Role[];
export const SCOPES = [
  'applications:read',
  'applications:write',
  'awards:read',
  'disbursements:read',
  'disbursements:settle',
  'exports:write',
  'webhooks:manage',
] as const satisfies readonly ApiKeyScope[];
export const WEBHOOK_EVENTS = [
  'application.submitted',
  'application.decided',
  'award.created',
  'disbursement.approved',
  'disbursement.sent',
  'disbursement.paid',
  'disbursement.failed',
  'report.submitted',
  'report.accepted',
  'payment_run.completed',
  'export.completed',
  'amendment.requested',
  'amendment.recorded',
  'amendment.approved',
  'amendment.declined',
  'amendment.withdrawn',
  'settlement.confirmed',
  'refund.due',
  'refund.received',
  'refund.cancelled',
  'award.cancelled',
] as const satisfies readonly WebhookEvent[];

export const enumsComplete: [
  Complete<Role, (typeof ROLES)[number]>,
  Complete<ApiKeyScope, (typeof SCOPES)[number]>,
  Complete<WebhookEvent, (typeof WEBHOOK_EVENTS)[number]>,
] = [true, true, true];

/** The largest page the API serves (SPEC §3). */
export const MAX_PAGE = 200;

export const keys = {
  users: ['admin', 'users'] as const,
  user: (id: string) => ['admin', 'users', id] as const,
  cities: ['admin', 'cities'] as const,
  apiKeys: ['admin', 'api-keys'] as const,
  webhooks: ['admin', 'webhooks'] as const,
  webhook: (id: string) => ['admin', 'webhooks', id] as const,
  deliveries: (id: string) => ['admin', 'webhooks', id, 'deliveries'] as const,
  audit: ['admin', 'audit'] as const,
  verify: ['admin', 'audit', 'verify'] as const,
};

/** Every city, page after page: the user forms pick a city user's city from them. */
export function useCities() {
  return useQuery({
    queryKey: keys.cities,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const cities: City[] = [];
      let cursor: string | undefined;
      do {
        const page = unwrap(
          await api.GET('/api/v1/cities', { params: { query: { limit: MAX_PAGE, cursor } } }),
        );
        cities.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return cities;
    },
  });
}

/** One user, for naming an actor or a key's owner; shared by every row that shows them. */
export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: keys.user(id ?? ''),
    enabled: Boolean(id),
    staleTime: 60_000,
    retry: false,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users/{id}', { params: { path: { id: id ?? '' } } })),
  });
}

/** A city's name in the user's language (the Japanese name when there is one). */
export const cityLabel = (city: City, language: string) =>
  (language === 'ja' ? city.name.ja : undefined) ?? city.name.en;

/** The ETag a write sends back as `If-Match`: the version the page last read. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
