import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule } from './config/config.module';
import { Environment } from './config/environment';
import { httpLoggerOptions } from './common/logging';
import { RedisModule } from './common/redis/redis.module';
import { AuditModule } from './audit/audit.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { QueuesModule } from './queues/queues.module';

/** What both processes need: validated config, logging, PostgreSQL, Redis and the queues. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [Environment],
      // pino-http itself is mounted first thing in configureApp (so even a body-parser error has a
      // request id); the module only binds its per-request logger to Nest's Logger.
      useFactory: (env: Environment) => ({ pinoHttp: httpLoggerOptions(env), useExisting: true }),
    }),
    DatabaseModule,
    RedisModule,
    QueuesModule,
    AuditModule,
    CryptoModule,
  ],
})
export class CoreModule {}
