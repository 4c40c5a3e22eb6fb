import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localeOf, toProblem } from './problem';

export const PROBLEM_JSON = 'application/problem+json';

/** Every error response of the API is a problem+json document; none carries a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Also Fastify's error handler: what fails before a route runs (body parsing) lands here. */
  send(error: unknown, req: FastifyRequest, reply: FastifyReply): void {
    const { problem, headers, unexpected } = toProblem(
      error,
      req.id,
      localeOf(req.headers['accept-language']),
    );
    if (unexpected) this.logger.error({ err: error, requestId: req.id }, 'unexpected error');
    if (reply.sent) return;
    if (
      problem.code === 'rate_limited' &&
      !reply.getHeader('Retry-After') &&
      !headers['Retry-After']
    ) {
      headers['Retry-After'] = '60';
    }
    void reply
      .code(problem.status)
      .headers(headers)
      .type(PROBLEM_JSON)
      .send(JSON.stringify(problem));
  }
}
