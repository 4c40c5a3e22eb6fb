import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderStrategy } from './header-strategy';
import type { Principal } from './principal';
import { PrincipalLoader } from './principal.loader';

export const API_KEY_HEADER = 'x-api-key';

const apiKeyOf = HeaderStrategy('X-API-Key', (headers) => {
  const key = headers[API_KEY_HEADER];
  return typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : null;
});

/** `X-API-Key: sdg_…`: an unrevoked key of an active user; the guard then checks its scopes. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(apiKeyOf, 'api-key') {
  constructor(private readonly principals: PrincipalLoader) {
    super();
  }

  async validate(key: string): Promise<Principal | false> {
    return (await this.principals.forApiKey(key)) ?? false;
  }
}
