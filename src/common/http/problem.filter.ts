import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { localeOf, toProblem } from './problem';

export const PROBLEM_JSON = 'application/problem+json';

/**
 * body-parser fails with http-errors errors (a body over the limit is a 413 `entity.too.large`,
 * an unknown charset a 415) that reach the filter as they are; Nest itself only maps the JSON
 * SyntaxError. Turned into HttpExceptions they become 400 validation_failed, not a 500.
 */
function fromBodyParser(error: unknown): unknown {
  if (!(error instanceof Error) || !('type' in error) || !('expose' in error)) return error;
  const status = (error as { status?: unknown }).status;
  return error.expose === true && typeof status === 'number' && status >= 400 && status < 500
    ? new HttpException(error.message, status)
    : error;
}

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
      fromBodyParser(error),
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
