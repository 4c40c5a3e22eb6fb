import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport-strategy';
import type { Principal } from './principal';
import { PrincipalLoader } from './principal.loader';

export const API_KEY_HEADER = 'x-api-key';

/** What the strategy reads of a request (Fastify's, which Passport types as Express's). */
type Request = { headers: IncomingHttpHeaders };

type Verify = (
  req: Request,
  done: (error: unknown, principal?: Principal | false) => void,
) => unknown;

/** Passport strategy over the `X-API-Key` header; absent header → fail, so the next strategy runs. */
class HeaderApiKeyStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(req: Request): void {
    const key = req.headers[API_KEY_HEADER];
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
      this.fail('Missing or malformed X-API-Key', 401);
      return;
    }
    this.verify(req, (error, principal) => {
      if (error) this.error(error as Error);
      else if (!principal) this.fail('Invalid X-API-Key', 401);
      else this.success(principal);
    });
  }
}

/** `X-API-Key: sdg_…`: an unrevoked key of an active user; the guard then checks its scopes. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderApiKeyStrategy, 'api-key') {
  constructor(private readonly principals: PrincipalLoader) {
    super();
  }

  async validate(req: Request): Promise<Principal | false> {
    return (await this.principals.forApiKey(req.headers[API_KEY_HEADER] as string)) ?? false;
  }
}
