import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiExtraModels,
  ApiResponse,
  ApiSecurity,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ERROR_CODES, ErrorCode } from '../common/errors/app-error';
import { ProblemDto } from '../common/http/problem.dto';
import type { ApiKeyScope, Principal } from './principal';
import type { Role } from './roles';

export const ACCESS_METADATA = 'access';

export interface AccessRule {
  public?: boolean;
  roles?: readonly Role[];
  /** With an API key, the key must carry one of these scopes; without one, keys are refused. */
  scopes?: readonly ApiKeyScope[];
}

const PROBLEM_DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'Invalid request (field errors in `errors`)',
  unauthenticated: 'No valid bearer token or API key',
  forbidden: 'The role or API key scope may not call this route',
  not_found: "Not found, or outside the caller's reach",
  rate_limited: 'Too many requests; retry after `Retry-After` seconds',
  internal: 'Unexpected error; quote the `requestId`',
};

/**
 * Documents an application/problem+json response for each code (SPEC §3). Exported so the
 * OpenAPI post-processing can add the write-only ones (409, 412, 422) the same way.
 */
export function problemResponse(code: ErrorCode, description?: string) {
  return {
    description: description ?? PROBLEM_DESCRIPTIONS[code] ?? ERROR_CODES[code].en,
    content: {
      'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } },
    },
  };
}

const ApiProblems = (codes: readonly ErrorCode[]) =>
  applyDecorators(
    ApiExtraModels(ProblemDto),
    ...codes.map((code) =>
      ApiResponse({ status: ERROR_CODES[code].status, ...problemResponse(code) }),
    ),
  );

/** Anyone may call the route, signed in or not. */
export const Public = () =>
  applyDecorators(
    SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule),
    ApiExtension('x-access', 'Public'),
    ApiProblems(['validation_failed', 'rate_limited', 'internal']),
  );

/**
 * The roles (and, for API keys, the scopes) that may call the route. A route with neither this
 * nor `@Public()` is refused to everyone: deny by default.
 */
export function Allow(roles: readonly Role[], options: { scopes?: readonly ApiKeyScope[] } = {}) {
  const rule: AccessRule = { roles, scopes: options.scopes };
  const scopes = options.scopes?.length ? ` · API key scopes: ${options.scopes.join(', ')}` : '';
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, rule),
    ApiBearerAuth('bearer'),
    ...(options.scopes?.length ? [ApiSecurity('apiKey')] : []),
    ApiExtension('x-roles', [...roles]),
    ...(options.scopes?.length ? [ApiExtension('x-scopes', [...options.scopes])] : []),
    ApiExtension('x-access', `Roles: ${roles.join(', ')}${scopes}`),
    ApiProblems([
      'validation_failed',
      'unauthenticated',
      'forbidden',
      'not_found',
      'rate_limited',
      'internal',
    ]),
  );
}

/** The authenticated caller (set by the access guard). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
    return principal;
  },
);
