import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source';

/**
 * pg-pool hands a new connection to its caller from inside the socket read that completed the
 * handshake, and TypeORM attaches its 'error' listener only a microtask later. A server that
 * terminates the connection at once (pg_terminate_backend, a restart, a failover while the pool
 * reconnects) can put its FATAL message in that same read: an 'error' event with no listener,
 * which crashes the process. A listener from birth closes the gap; the query that then gets the
 * dead connection fails like any other, and TypeORM and the pool still see the error themselves.
 */
function listenFromBirth(dataSource: DataSource): DataSource {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  pool.on('connect', (client) => client.on('error', () => undefined));
  return dataSource;
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        ...dataSourceOptions(env),
        // Migrations are a deployment step (`npm run migration:run`), never a side effect of boot.
        migrationsRun: false,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
      dataSourceFactory: async (options?: DataSourceOptions) =>
        listenFromBirth(await new DataSource(options!).initialize()),
    }),
  ],
})
export class DatabaseModule {}
