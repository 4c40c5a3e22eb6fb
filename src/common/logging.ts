import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import type { Options } from 'pino-http';
import { Environment } from '../config/environment';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A caller's own `X-Request-Id` is kept when it looks like one; otherwise a fresh UUID. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

const cache = new WeakMap<Environment, Options>();

/** pino-http options with one shared JSON logger; secrets and account numbers never logged. */
export function httpLoggerOptions(env: Environment): Options {
  let options = cache.get(env);
  if (!options) {
    const logger = pino({
      level: env.LOG_LEVEL,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.accountNumber',
          '*.refreshToken',
          '*.accessToken',
        ],
        censor: '[redacted]',
      },
    });
    options = {
      logger,
      genReqId: requestIdFor,
      customProps: (req) => ({ requestId: req.id }),
      quietReqLogger: true,
      autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
      },
    };
    cache.set(env, options);
  }
  return options;
}
