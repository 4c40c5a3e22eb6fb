import { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';
import { Environment } from '../config/environment';
import { requestContext } from './http/request-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A caller's own `X-Request-Id` is kept when it looks like one; otherwise a fresh UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export interface Loggers {
  logger: Pino;
  accessLog: Pino;
}

const loggers = new WeakMap<Environment, Loggers>();

/**
 * The process's JSON loggers, writing to one stdout stream. Writes are asynchronous: lines logged
 * while a write is under way go out together in the next one (one write(2) for many lines under
 * load, at once when quiet); pino flushes what is pending when the process exits.
 *
 * - `logger`: everything the code logs. Every line written while a request (or job) is served
 *   carries its `requestId` (a mixin reading the request context, so no child logger per
 *   request), and secrets and account numbers are redacted wherever they appear.
 * - `accessLog`: the one line per request, whose fields are fixed (method, URL, status, time, id)
 *   and hold no secret, so it skips the redaction pass, which otherwise costs more than the rest
 *   of the line.
 */
export function createLoggers(level: string, destination?: DestinationStream): Loggers {
  const logger = pino(
    {
      level,
      mixin: () => {
        const requestId = requestContext.requestId();
        return requestId ? { requestId } : {};
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          '*.password',
          '*.accountNumber',
          '*.refreshToken',
          '*.accessToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
  return { logger, accessLog: pino({ level }, destination) };
}

function loggersOf(env: Environment): Loggers {
  let pair = loggers.get(env);
  if (!pair) {
    const silent = env.LOG_LEVEL === 'silent';
    const stdout = silent ? undefined : pino.destination({ dest: 1, sync: false });
    pair = createLoggers(env.LOG_LEVEL, stdout);
    loggers.set(env, pair);
  }
  return pair;
}

export const rootLogger = (env: Environment): Pino => loggersOf(env).logger;

export interface CompletedRequest {
  id: string;
  method: string;
  url: string;
  statusCode: number;
  ms: number;
}

/** Logs one request as it completes. */
export const logRequest = (env: Environment, request: CompletedRequest): void =>
  writeRequestLine(loggersOf(env).accessLog, request);

export function writeRequestLine(accessLog: Pino, request: CompletedRequest): void {
  if (!accessLog.isLevelEnabled('info')) return;
  accessLog.info(
    {
      requestId: request.id,
      req: { method: request.method, url: request.url },
      res: { statusCode: request.statusCode },
      responseTime: Math.round(request.ms),
    },
    'request completed',
  );
}

const NEST_LEVELS = {
  log: 'info',
  error: 'error',
  warn: 'warn',
  debug: 'debug',
  verbose: 'trace',
  fatal: 'fatal',
} as const satisfies Record<string, Level>;

/**
 * Nest's `Logger` over the root pino logger, with pino's calling convention kept:
 * `this.log.warn({ err, id }, 'message')`. Nest passes a named Logger's context last.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.log, message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.error, message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.warn, message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.debug, message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.verbose, message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write(NEST_LEVELS.fatal, message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (params.length) fields.context = params[params.length - 1];
    const rest = params.slice(0, -1);
    if (message instanceof Error) {
      fields.err = message;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
    } else if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n    at ')) {
      // Nest's own exception handlers log (message, stack, context).
      fields.err = Object.assign(new Error(String(message)), { stack: rest[0] });
      this.logger[level](fields);
      return;
    } else {
      this.logger[level](fields, String(message), ...rest);
      return;
    }
    this.logger[level](fields, ...(rest as [string]));
  }
}
