/**
 * `npm run openapi`: writes the committed contract, `openapi.json`, and the typed client's types,
 * `client/openapi.d.ts`, from the controllers' decorators.
 *
 * The app is created in Nest's preview mode: modules and controllers are scanned but no provider
 * is instantiated, so nothing connects to PostgreSQL or Redis and no configuration is needed.
 * The document is the same one `/docs/openapi.json` serves (test/openapi.e2e-spec.ts checks it).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../src/app.module';
import { API_PREFIX, buildOpenApiDocument, UNPREFIXED_ROUTES } from '../src/app.setup';
import { clientTypesOf } from './openapi-types';

const ROOT = resolve(__dirname, '..');
export const OPENAPI_JSON = resolve(ROOT, 'openapi.json');
export const CLIENT_TYPES = resolve(ROOT, 'client/openapi.d.ts');

/** The committed form of `openapi.json`: key-sorted (by buildOpenApiDocument), pretty-printed. */
export const openApiJsonOf = (document: object) => JSON.stringify(document, null, 2) + '\n';

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), {
    preview: true,
    abortOnError: false,
    logger: ['error'],
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  const document = buildOpenApiDocument(app);
  await app.close();

  writeFileSync(OPENAPI_JSON, openApiJsonOf(document));
  writeFileSync(CLIENT_TYPES, await clientTypesOf(document));
  process.stdout.write(`wrote ${OPENAPI_JSON}\nwrote ${CLIENT_TYPES}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
