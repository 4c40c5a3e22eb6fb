import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { problemResponse } from './auth/access.decorators';
import { Environment } from './config/environment';
import { httpLoggerOptions } from './common/logging';
import { bodyParserErrors } from './common/http/body-errors';
import { ProblemFilter } from './common/http/problem.filter';
import { requestContext } from './common/http/request-context';
import { createValidationPipe } from './common/http/validation';
import { NOT_IDEMPOTENT } from './common/http/idempotency/idempotency.interceptor';
import { MetricsService } from './metrics/metrics.service';

export const API_PREFIX = 'api/v1';
/** Routes outside `/api/v1` (SPEC §2). */
export const UNPREFIXED_ROUTES = [
  'health/live',
  'health/ready',
  'metrics',
  'admin/queues',
  'admin/queues/{*path}',
];

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Subnational Diplomacy Grants API')
    .setDescription(
      'Japan–US sister-city microgrants: applications, reviews, awards, payouts, jobs. ' +
        'Errors are application/problem+json (RFC 9457) with a stable `code`. ' +
        'Each operation lists the roles (`x-roles`) and API key scopes (`x-scopes`) that may call it.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  addPathParameters(document);
  addWriteProblems(document, idempotencyExemptOperations(app));
  return sortKeys(document);
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retried POST safe: a repeat with the same key and body replays the first response; ' +
    'the same key with another body is 409 idempotency_key_reused.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

/**
 * The problems only writes can produce, derived here rather than declared on every handler:
 * a write may meet a state (409) or a business rule (422) that refuses it, a PATCH a stale
 * If-Match (412), and every POST takes an Idempotency-Key. Public routes are left alone
 * (they document 400/429/500 only).
 */
function addWriteProblems(document: OpenAPIObject, idempotencyExempt: Set<string>): void {
  for (const item of Object.values(document.paths)) {
    for (const method of WRITE_METHODS) {
      const operation: (OperationObject & { 'x-access'?: string }) | undefined = item[method];
      if (!operation || operation['x-access'] === 'Public') continue;
      operation.responses['409'] ??= problemResponse(
        'conflict',
        'Not allowed in the current state (invalid_state), a conflicting resource (conflict) or ' +
          'an Idempotency-Key reused or still in progress',
      );
      operation.responses['422'] ??= problemResponse('rule_violation');
      if (method === 'patch') {
        operation.responses['412'] ??= problemResponse(
          'precondition_failed',
          'If-Match stale: the resource changed since it was read',
        );
      }
      if (method === 'post' && !idempotencyExempt.has(operation.operationId ?? '')) {
        const parameters = (operation.parameters ??= []);
        if (!parameters.some((p) => 'name' in p && p.name === IDEMPOTENCY_KEY_PARAMETER.name)) {
          parameters.push(IDEMPOTENCY_KEY_PARAMETER);
        }
      }
    }
  }
}

/**
 * The `@Param()` DTOs carry only class-validator decorators (`@IsUUID() id`), which Swagger does
 * not read: declare every templated segment, so clients can fill it in.
 */
function addPathParameters(document: OpenAPIObject): void {
  const methods = ['get', ...WRITE_METHODS] as const;
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const method of methods) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ??= []);
      for (const name of names) {
        const declared = parameters.some((p) => 'in' in p && p.in === 'path' && p.name === name);
        if (declared) continue;
        const uuid = name === 'id' || name.endsWith('Id');
        parameters.push({
          name,
          in: 'path',
          required: true,
          schema: uuid ? { type: 'string', format: 'uuid' } : { type: 'string' },
        });
      }
    }
  }
}

/** Operation ids (Nest's `Controller_method`) of the POSTs marked `@NotIdempotent()`. */
function idempotencyExemptOperations(app: INestApplication): Set<string> {
  const exempt = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(NOT_IDEMPOTENT, handler)) exempt.add(`${controller.name}_${name}`);
      }
    }
  }
  return exempt;
}

/** Key-sorted copy, so the committed openapi.json diffs only where the contract changed. */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted as T;
}

/**
 * Everything about the HTTP pipeline, shared by `main.ts` and the e2e tests so both run the
 * same stack: request id + JSON logs, helmet, body limit, metrics, validation, problem+json.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const env = app.get(Environment);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');

  // First: every response and log line carries the request id, even a body-parser failure.
  app.use(pinoHttp(httpLoggerOptions(env)));
  app.use((req: { id: unknown }, _res: unknown, next: () => void) =>
    requestContext.run({ requestId: String(req.id) }, next),
  );
  app.use(app.get(MetricsService).middleware);
  app.use(
    helmet({
      // Swagger UI needs inline scripts/styles; everything else is JSON.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  app.useBodyParser('json', { limit: env.BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: env.BODY_LIMIT_BYTES, extended: false });
  app.use(bodyParserErrors);

  app.setGlobalPrefix(API_PREFIX, {
    exclude: UNPREFIXED_ROUTES,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}
