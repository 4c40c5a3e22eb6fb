import type { Role } from './roles';

export const API_KEY_SCOPES = [
  'applications:read',
  'applications:write',
  'awards:read',
  'disbursements:read',
  'disbursements:settle',
  'exports:write',
  'webhooks:manage',
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Who is calling: a user with a JWT, or an API key acting with its user's reach. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  role: Role;
  /** The city of a `city_user`; null for every other role. */
  cityId: string | null;
  locale: 'en' | 'ja';
  /** Set for API keys only: what the key may do on top of its user's role. */
  apiKeyId?: string;
  scopes?: ApiKeyScope[];
}

/** The key idempotency records and audit rows use for a principal. */
export const principalKey = (p: Principal) =>
  p.kind === 'api_key' ? `api_key:${p.apiKeyId}` : `user:${p.userId}`;
