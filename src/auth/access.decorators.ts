import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import type { ApiKeyScope, Principal } from './principal';
import type { Role } from './roles';

export const ACCESS_METADATA = 'access';

export interface AccessRule {
  public?: boolean;
  roles?: readonly Role[];
  /** With an API key, the key must carry one of these scopes; without one, keys are refused. */
  scopes?: readonly ApiKeyScope[];
}

/** Anyone may call the route, signed in or not. */
export const Public = () =>
  applyDecorators(
    SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule),
    ApiExtension('x-access', 'Public'),
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
  );
}

/** The authenticated caller (set by the access guard). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<Request>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
    return principal;
  },
);
