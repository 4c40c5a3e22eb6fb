import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { localeOf, toProblem } from './problem';

export const PROBLEM_JSON = 'application/problem+json';

/** Every error response of the API is a problem+json document; none carries a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = req.id === undefined ? undefined : String(req.id);
    const { problem, headers, unexpected } = toProblem(
      error,
      requestId,
      localeOf(req.headers['accept-language']),
    );
    if (unexpected) this.logger.error({ err: error, requestId }, 'unexpected error');
    if (res.headersSent) return;
    if (
      problem.code === 'rate_limited' &&
      !res.getHeader('Retry-After') &&
      !headers['Retry-After']
    ) {
      headers['Retry-After'] = '60';
    }
    res.status(problem.status).set(headers).type(PROBLEM_JSON).send(JSON.stringify(problem));
  }
}
