import { AppError } from '../errors/app-error';

const bodyRefused = (detail: string, message: string) =>
  new AppError('validation_failed', detail, [{ field: 'body', message }]);
const pathRefused = (message: string) =>
  new AppError('validation_failed', 'The request path is malformed', [{ field: 'path', message }]);

/**
 * Fastify's refusals of a request before any route runs (a body that is not JSON or too large, a
 * path that is no URL) as the 400 validation_failed problems of SPEC §3, naming what was wrong.
 * Undefined for anything else.
 */
export function fromFastifyError(error: unknown): AppError | undefined {
  const { code, message } = error as { code?: unknown; message?: string };
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return bodyRefused('The request body is not valid JSON', 'malformed JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyRefused('The request body is larger than the limit', 'too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return bodyRefused('The request body has an unsupported media type', 'send application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return bodyRefused('The Content-Length does not match the body', message ?? 'invalid');
    case 'FST_ERR_BAD_URL':
      return pathRefused('not a valid URL component');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return pathRefused('a path parameter is too long');
    default:
      return undefined;
  }
}
