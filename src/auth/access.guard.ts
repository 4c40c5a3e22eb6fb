import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { ACCESS_METADATA, AccessRule } from './access.decorators';
import type { Principal } from './principal';

/** The strategies that can authenticate a request, tried in order: Bearer JWT, then X-API-Key. */
export const AUTH_STRATEGIES = ['jwt', 'api-key'];

/**
 * Deny by default (SPEC §4): a route is open only to what its `@Allow(...)` names, or to
 * everyone when `@Public()`. Record-level reach is the services' job (see `Reach`).
 */
@Injectable()
export class AccessGuard extends AuthGuard(AUTH_STRATEGIES) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule?.public) return true;

    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const principal = req.user as Principal;
    req.principal = principal;

    if (!rule?.roles?.length) {
      throw new AppError('forbidden', 'This route is not open to any role');
    }
    if (!rule.roles.includes(principal.role)) {
      throw new AppError('forbidden', `The ${principal.role} role may not do this`);
    }
    if (principal.kind === 'api_key') {
      const allowed = rule.scopes ?? [];
      if (!allowed.some((scope) => principal.scopes?.includes(scope))) {
        throw new AppError(
          'forbidden',
          allowed.length
            ? `The API key needs one of the scopes: ${allowed.join(', ')}`
            : 'This route is not open to API keys',
        );
      }
    }
    return true;
  }

  override handleRequest<T>(error: unknown, principal: T): T {
    // A strategy's error is not a credential it refused but a failure of ours (the database
    // away while loading the principal): a 5xx, not a 401 telling the caller to log in again.
    if (error) throw error;
    if (!principal) {
      throw new AppError('unauthenticated', 'Missing, invalid or expired credentials');
    }
    return principal;
  }
}
