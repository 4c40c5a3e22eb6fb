import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport-strategy';
import type { Principal } from './principal';

type Verify = (
  credential: string,
  done: (error: unknown, principal?: Principal | false) => void,
) => unknown;

/**
 * A Passport strategy over one credential in a request header: `credentialOf` finds it (none →
 * fail, so the next strategy runs), and Nest's PassportStrategy hands it to the subclass's
 * `validate(credential)`, whose principal (or false: 401) decides. Headers only: the request is
 * Fastify's, which Passport's types call Express's.
 */
export function HeaderStrategy(
  credential: string,
  credentialOf: (headers: IncomingHttpHeaders) => string | null | undefined,
) {
  return class extends Strategy {
    constructor(readonly verify: Verify) {
      super();
    }

    override authenticate(req: { headers: IncomingHttpHeaders }): void {
      const found = credentialOf(req.headers);
      if (!found) {
        this.fail(`Missing or malformed ${credential}`, 401);
        return;
      }
      this.verify(found, (error, principal) => {
        if (error) this.error(error as Error);
        else if (!principal) this.fail(`Invalid ${credential}`, 401);
        else this.success(principal);
      });
    }
  };
}
