import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { RedisModule } from './common/redis/redis.module';
import { AuditModule } from './audit/audit.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { QueuesModule } from './queues/queues.module';

/** What both processes need: validated config, PostgreSQL, Redis and the queues. */
@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule, QueuesModule, AuditModule, CryptoModule],
})
export class CoreModule {}
