import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors/app-error';
import { AccessRule } from './access.decorators';
import { AccessGuard } from './access.guard';
import type { Principal } from './principal';

/**
 * The scope rule of SPEC §4 in isolation: Passport's part (who the caller is) is stubbed, the
 * e2e tests cover it over HTTP.
 */
describe('AccessGuard with API keys', () => {
  const keyOf = (scopes: Principal['scopes']): Principal => ({
    kind: 'api_key',
    userId: 'u',
    role: 'finance_officer',
    cityId: null,
    locale: 'en',
    apiKeyId: 'k',
    scopes,
  });

  async function check(rule: AccessRule, principal: Principal): Promise<string> {
    const reflector = { getAllAndOverride: () => rule } as unknown as Reflector;
    const guard = new AccessGuard(reflector);
    const req: { user?: Principal } = {};
    const authenticate = jest
      .spyOn(
        Object.getPrototypeOf(AccessGuard.prototype) as { canActivate: () => unknown },
        'canActivate',
      )
      .mockImplementation(async () => {
        req.user = principal;
        return true;
      });
    const context = {
      getHandler: () => undefined,
      getClass: () => undefined,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    try {
      await guard.canActivate(context);
      return 'allowed';
    } catch (error) {
      return error instanceof AppError ? error.code : 'crashed';
    } finally {
      authenticate.mockRestore();
    }
  }

  const settle: AccessRule = { roles: ['finance_officer'], scopes: ['disbursements:settle'] };

  it('lets a key with one of the route’s scopes through', async () => {
    expect(await check(settle, keyOf(['awards:read', 'disbursements:settle']))).toBe('allowed');
  });

  it('refuses a key with the wrong scope', async () => {
    expect(await check(settle, keyOf(['disbursements:read']))).toBe('forbidden');
  });

  it('refuses every key on a route that names no scopes', async () => {
    expect(await check({ roles: ['finance_officer'] }, keyOf(['disbursements:settle']))).toBe(
      'forbidden',
    );
  });

  it('refuses a key whose user’s role the route does not allow, whatever its scopes', async () => {
    expect(
      await check(
        { roles: ['admin'], scopes: ['disbursements:settle'] },
        keyOf(['disbursements:settle']),
      ),
    ).toBe('forbidden');
  });
});
