import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { AccessTokenClaims } from '../auth/jwt.strategy';
import { PrincipalLoader } from '../auth/principal.loader';
import { AppError } from '../common/errors/app-error';
import { ProblemFilter } from '../common/http/problem.filter';
import { User } from '../users/user.entity';
import { verifyPassword } from '../users/password';

/**
 * Admission to /admin/queues (admins only). The dashboard is a browser page, so besides a Bearer
 * access token it accepts HTTP Basic with an admin's e-mail and password (the browser prompts).
 */
@Injectable()
export class QueueDashboardGate {
  private readonly problems = new ProblemFilter();

  constructor(
    private readonly jwt: JwtService,
    private readonly principals: PrincipalLoader,
    private readonly dataSource: DataSource,
  ) {}

  /** Fastify onRequest hook: an admin passes; anyone else gets a problem+json 401 or 403. */
  readonly admit = async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    try {
      const role = await this.roleOf(req.headers.authorization ?? '');
      if (!role) throw new AppError('unauthenticated', 'Sign in as an admin to see the queues');
      if (role !== 'admin') throw new AppError('forbidden', 'Only admins may see the queues');
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthenticated') {
        void reply.header('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"');
      }
      this.problems.send(error, req, reply);
      return reply; // answered: Fastify stops here
    }
    return undefined;
  };

  private async roleOf(authorization: string): Promise<string | null> {
    const [scheme, credentials] = authorization.split(' ', 2);
    if (!credentials) return null;
    if (scheme.toLowerCase() === 'bearer') {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(credentials).catch(() => null);
      if (claims?.typ !== 'access') return null;
      return (await this.principals.forUser(claims.sub))?.role ?? null;
    }
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 1) return null;
      const user = await this.dataSource
        .getRepository(User)
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:email)', { email: decoded.slice(0, colon) })
        .andWhere('u.active')
        .getOne();
      const ok = user && (await verifyPassword(user.passwordHash, decoded.slice(colon + 1)));
      return ok ? user.role : null;
    }
    return null;
  }
}
