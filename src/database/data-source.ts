import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import * as path from 'node:path';
import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment';
import { SnakeNamingStrategy } from './naming.strategy';
import { PreparingClient } from './preparing-client';

// bigint (int8) and numeric counts come back as JS numbers, never strings. Money stays well
// inside 2^53 (JPY 9 quadrillion); a value beyond that is a bug, so fail loudly.
types.setTypeParser(types.builtins.INT8, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 ${value} is outside the safe range`);
  return n;
});

const compiled = !__filename.endsWith('.ts');

/** One definition of the connection, used by the app, the worker, the tests and the CLI. */
export function dataSourceOptions(env: Pick<Environment, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>) {
  return {
    type: 'postgres',
    url: env.DATABASE_URL,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    entities: [path.join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: compiled
      ? [path.join(__dirname, '..', 'migrations', '*.js')]
      : [path.join(__dirname, '..', '..', 'migrations', '*.ts')],
    migrationsTableName: 'migrations',
    extra: {
      max: env.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
      // JIT compiles analytic queries (ranking, exports) for longer than they run: ~1 s of
      // compiling for ~0.3 s of work on 10k rows. OLTP never benefits; off for every session.
      options: '-c jit=off',
      Client: PreparingClient,
    },
  } satisfies DataSourceOptions;
}

/**
 * The TypeORM CLI's entry (`migration:generate|run|revert`). Built lazily from DATABASE_URL only:
 * importing this file for `dataSourceOptions` must not demand the whole environment.
 */
function cliDataSource(): DataSource {
  loadDotenv({ quiet: true });
  return new DataSource(
    dataSourceOptions({ DATABASE_URL: process.env.DATABASE_URL ?? '', DATABASE_POOL_SIZE: 2 }),
  );
}

export default cliDataSource();
