import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, ERROR_CODES, ErrorCode, FieldError } from '../errors/app-error';
import { localizeDetail, localizeFieldErrors } from './problem-ja';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  requestId?: string;
}

export interface ProblemResult {
  problem: Problem;
  headers: Record<string, string>;
  /** True for failures that are ours (5xx), which get logged with their stack. */
  unexpected: boolean;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  415: 'validation_failed',
  422: 'rule_violation',
  429: 'rate_limited',
  503: 'unavailable',
};

function fromHttpException(error: HttpException): AppError {
  const status = error.getStatus();
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return new AppError('validation_failed', 'The request is larger than the allowed limit');
  }
  if (status === HttpStatus.NOT_FOUND) {
    return new AppError('not_found', 'No such resource');
  }
  const code = STATUS_CODES[status];
  return code ? new AppError(code, error.message) : new AppError('internal', 'Unexpected error');
}

/** Maps any thrown value to the RFC 9457 problem document of SPEC §3. */
/** PostgreSQL SQLSTATEs of a lost or refused connection: class 08, and an administrator's shutdown. */
const CONNECTION_LOST = /^(08...|57P0[123])$/;
const CONNECTION_MESSAGES =
  /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error/;

const RELEASED_RUNNER = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/**
 * The database connection failed (not the query): the server is restarting, failing over or
 * unreachable. The caller may retry the same request (with its Idempotency-Key) shortly.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // The connection died inside a transaction: TypeORM released its runner, and the transaction's
  // next statement finds it gone. Still logged as unexpected, in case it ever has another cause.
  if (RELEASED_RUNNER.has(error.name)) return true;
  const driverError = (error as { driverError?: unknown }).driverError;
  const candidate = (driverError instanceof Error ? driverError : error) as Error & {
    code?: unknown;
  };
  if (typeof candidate.code === 'string' && CONNECTION_LOST.test(candidate.code)) return true;
  return CONNECTION_MESSAGES.test(candidate.message);
}

export function toProblem(error: unknown, requestId: string | undefined, locale: 'en' | 'ja') {
  let appError: AppError;
  let unexpected = false;
  if (error instanceof AppError) appError = error;
  else if (error instanceof HttpException) appError = fromHttpException(error);
  else if (isDatabaseUnavailable(error)) {
    appError = new AppError(
      'unavailable',
      'The database is unreachable; retry shortly',
      undefined,
      { 'Retry-After': '2' },
    );
    unexpected = true;
  } else {
    appError = new AppError('internal', 'An unexpected error occurred; quote the requestId');
    unexpected = true;
  }
  const entry = ERROR_CODES[appError.code];
  const problem: Problem = {
    type: `https://grants.example/problems/${appError.code.replace(/_/g, '-')}`,
    title: entry[locale],
    status: entry.status,
    detail:
      locale === 'ja' && appError.code === 'internal'
        ? entry.ja
        : localizeDetail(appError.detail, locale),
    code: appError.code,
    ...(appError.errors ? { errors: localizeFieldErrors(appError.errors, locale) } : {}),
    requestId,
  };
  return {
    problem,
    headers: appError.headers ?? {},
    unexpected: unexpected || entry.status >= 500,
  } satisfies ProblemResult;
}

export function localeOf(acceptLanguage: string | undefined): 'en' | 'ja' {
  return acceptLanguage && /^\s*ja\b/i.test(acceptLanguage) ? 'ja' : 'en';
}
