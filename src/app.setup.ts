import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { Environment } from './config/environment';
import { httpLoggerOptions } from './common/logging';
import { bodyParserErrors } from './common/http/body-errors';
import { ProblemFilter } from './common/http/problem.filter';
import { requestContext } from './common/http/request-context';
import { createValidationPipe } from './common/http/validation';
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
  return SwaggerModule.createDocument(app, config);
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
