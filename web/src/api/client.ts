import createClient from 'openapi-fetch';
import type { components, paths } from '../../../client/openapi';
import { session } from '../auth/session';
import i18n from '../i18n';

export type Schemas = components['schemas'];

/**
 * `endsOn must be a date YYYY-MM-DD` → `Must be a date YYYY-MM-DD`: the API's English field
 * messages start with the property's name, which the form already shows as the field's label.
 */
function unprefixed(field: string, message: string): string {
  const property = field.slice(field.lastIndexOf('.') + 1);
  if (!message.startsWith(`${property} `)) return message;
  const rest = message.slice(property.length + 1);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** An API refusal: the problem+json document (SPEC §3), in the user's language. */
export class ApiProblem extends Error {
  /** The fields the API refused, each message as the form shows it under the field's label. */
  readonly errors: { field: string; message: string }[];

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    errors: { field: string; message: string }[] = [],
    readonly requestId?: string,
  ) {
    super(detail || title);
    this.errors = errors.map(({ field, message }) => ({
      field,
      message: unprefixed(field, message),
    }));
  }

  /** The message for a form field (`title.en`, `budgetLines.0.amountMinor` …), if any. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

/**
 * Every call carries the access token and the user's language; a 401 is answered by refreshing
 * the session once and trying again (the token expired while the page was open).
 */
async function sessionFetch(input: Request): Promise<Response> {
  const attempt = (token: string | null) => {
    const request = input.clone();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    request.headers.set('accept-language', i18n.language);
    return fetch(request);
  };
  const res = await attempt(session.get().accessToken);
  if (res.status !== 401 || !session.get().accessToken) return res;
  const token = await session.refresh();
  return token ? attempt(token) : res;
}

export const api = createClient<paths>({ fetch: sessionFetch });

/** The data of an openapi-fetch result, or the ApiProblem it answered with. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const p = (result.error ?? {}) as Partial<ApiProblem> & { status?: number };
    throw new ApiProblem(
      result.response.status,
      p.code ?? 'unknown',
      p.title ?? result.response.statusText,
      p.detail ?? '',
      p.errors ?? [],
      p.requestId,
    );
  }
  return result.data as T;
}

/** `Idempotency-Key` for a write the user might submit twice (a double click). */
export const idempotencyKey = () => ({ 'Idempotency-Key': crypto.randomUUID() });

/**
 * The headers of an action on a resource as the user read it: a fresh Idempotency-Key and the
 * version read as If-Match, so a resource moved on meanwhile is refused (412), not acted on again.
 */
export const asRead = (resource: { version: number }) => ({
  ...idempotencyKey(),
  'If-Match': `"${resource.version}"`,
});
