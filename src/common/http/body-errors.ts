import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Express error middleware mounted right after the body parsers: their failures (http-errors with
 * a `type`) become 400 validation_failed problems naming the body, before any route runs.
 * Everything else passes through untouched.
 */
export function bodyParserErrors(
  error: BodyParserError,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  switch (error.type) {
    case 'entity.parse.failed':
      return next(
        new AppError('validation_failed', 'The request body is not valid JSON', [
          { field: 'body', message: 'malformed JSON' },
        ]),
      );
    case 'entity.too.large':
      return next(
        new AppError(
          'validation_failed',
          `The request body is larger than the limit of ${error.limit} bytes`,
          [{ field: 'body', message: 'too large' }],
        ),
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return next(
        new AppError('validation_failed', error.message, [
          { field: 'body', message: error.message },
        ]),
      );
    default:
      return next(error);
  }
}
