import { INestApplication } from '@nestjs/common';
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AuditSealer } from './audit/audit-sealer';
import { problemResponse } from './auth/access.decorators';
import { Environment } from './config/environment';
import { AppLogger, logRequest, requestIdFor, rootLogger } from './common/logging';
import { fromFastifyError } from './common/http/fastify-errors';
import { AppError } from './common/errors/app-error';
import { ProblemFilter } from './common/http/problem.filter';
import { RateLimiter } from './common/http/rate-limit';
import { securityHeaders } from './common/http/security-headers';
import { requestContext } from './common/http/request-context';
import { createValidationPipe } from './common/http/validation';
import { routeHandlers } from './common/http/handlers';
import { bindIdempotency, NOT_IDEMPOTENT } from './common/http/idempotency/idempotency.interceptor';
import { MetricsService } from './metrics/metrics.service';

export const API_PREFIX = 'api/v1';
/** Routes outside `/api/v1` (SPEC §2). */
export const UNPREFIXED_ROUTES = ['health/live', 'health/ready', 'metrics'];

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
 * a write may meet a state (409) or a business rule (422) that refuses it, a PATCH (or another
 * write that takes one) a stale If-Match (412), and every POST takes an Idempotency-Key. Public
 * routes are left alone (they document 400/429/500 only).
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
      const takesIfMatch = (operation.parameters ?? []).some(
        (p) => 'name' in p && p.name === 'If-Match',
      );
      if (method === 'patch' || takesIfMatch) {
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
  for (const { controller, name, handler } of routeHandlers(app)) {
    if (Reflect.getMetadata(NOT_IDEMPOTENT, handler)) exempt.add(`${controller.name}_${name}`);
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
 * The Fastify adapter every API process (and test app) runs on: the request id is ours (a
 * caller's X-Request-Id kept when it looks like one), bodies have a limit, the proxies TRUST_PROXY
 * names are trusted for the client IP, and Fastify's own logger is off (ours logs each request once).
 */
export function httpAdapter(env: Environment): FastifyAdapter {
  return new ApiFastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY.split(','),
    genReqId: requestIdFor,
    logger: false,
    // No Nest middleware here (Fastify hooks instead): no @fastify/middie hook on every request.
    skipMiddie: true,
    // Keep-alive longer than a load balancer's idle timeout, so it closes first.
    keepAliveTimeout: 65_000,
  });
}

/**
 * Nest's FastifyAdapter with our handler for what fails before a route runs (a path that is no
 * URL, a body that is not JSON or too large): the same problem+json as everything else, the
 * refusals as 400s naming the path or the body. Fastify binds a route to the error handler in
 * place when the route is registered, so it is set here, first; Nest's own (set after its
 * routes, and only turning such errors into bare HttpExceptions) is not installed.
 */
class ApiFastifyAdapter extends FastifyAdapter {
  constructor(options: FastifyServerOptions & { skipMiddie?: boolean }) {
    const problems = new ProblemFilter();
    const refuse = (error: unknown, req: FastifyRequest, reply: FastifyReply) => {
      void reply.header('x-request-id', req.id);
      problems.send(fromFastifyError(error) ?? error, req, reply);
    };
    // frameworkErrors: what the router refuses (a path that is no URL, an overlong parameter).
    super({ ...options, frameworkErrors: refuse });
    this.getInstance().setErrorHandler(refuse);
  }

  override setErrorHandler(_nests: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    return this.getInstance();
  }
}

/** Every response: JSON (and files) need no content from anywhere, and are never framed. */
const SECURITY_HEADERS = securityHeaders({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
});
/** Swagger UI at /docs needs its inline scripts and styles; the portal page sets its own. */
const DOCS_HEADERS = securityHeaders({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
});

const TOO_MANY = 'Too many requests; retry after the time in Retry-After';

/** Routes too frequent and too dull to log one line each (probes, scrapes). */
const UNLOGGED_ROUTES = new Set(['/health/live', '/metrics']);

/**
 * Everything about the HTTP pipeline, shared by `main.ts` and the e2e tests so both run the
 * same stack: request id and request context, helmet's headers, the rate limit, the wait for the
 * audit seal, one log line and one metric per request, multipart, validation, problem+json,
 * Swagger. Fastify hooks rather than Nest middleware or global interceptors: they run once per
 * request with no per-request closures or child loggers.
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const env = app.get(Environment);
  app.useLogger(new AppLogger(rootLogger(env)));
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  const limiter = app.get(RateLimiter);
  const sealer = app.get(AuditSealer);
  const sealFailed = (error: unknown, requestId: string) =>
    rootLogger(env).warn({ err: error, requestId }, 'audit events not sealed yet; retried');
  const problems = new ProblemFilter();

  fastify.decorateRequest('requestContext', undefined);
  // First: every response and log line carries the request id, even a body that fails to parse;
  // then the rate limit, before any work (it protects login too).
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.url.startsWith('/docs') ? DOCS_HEADERS : SECURITY_HEADERS);
    reply.header('x-request-id', req.id);
    const rate = limiter.hit(req.ip);
    reply.header('x-ratelimit-limit', rate.limit);
    reply.header('x-ratelimit-remaining', rate.remaining);
    reply.header('x-ratelimit-reset', rate.resetSeconds);
    if (!rate.allowed) {
      const retryAfter = { 'Retry-After': String(rate.resetSeconds) };
      const refusal = new AppError('rate_limited', TOO_MANY, undefined, retryAfter);
      return problems.send(refusal, req, reply);
    }
    const context = { requestId: req.id };
    req.requestContext = context;
    requestContext.run(context, done);
  });
  // A request that recorded a change answers once its audit event is chained (AuditSealer):
  // what it did is in the audit trail when the caller hears back.
  fastify.addHook('onSend', (req, _reply, payload, done) => {
    if (!req.requestContext?.recorded) return done(null, payload);
    sealer
      .seal()
      .catch((error: unknown) => sealFailed(error, req.id))
      .then(() => done(null, payload), done);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(req.method, route, reply.statusCode, reply.elapsedTime);
    if (!UNLOGGED_ROUTES.has(route)) {
      const { id, method, url } = req;
      logRequest(env, { id, method, url, statusCode: reply.statusCode, ms: reply.elapsedTime });
    }
    done();
  });

  await app.register(fastifyMultipart);

  app.setGlobalPrefix(API_PREFIX, {
    exclude: UNPREFIXED_ROUTES,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(problems);
  bindIdempotency(app);

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}
