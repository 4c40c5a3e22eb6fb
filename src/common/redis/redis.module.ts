import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Environment } from '../../config/environment';
import { appKeyPrefix, redisOptions } from './redis';

export const REDIS = Symbol('REDIS');

/** The process's own Redis connection (rate limits, health); queues open their own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [Environment],
      useFactory: (env: Environment) => {
        const redis = new Redis({
          ...redisOptions(env),
          keyPrefix: appKeyPrefix(env),
          maxRetriesPerRequest: 1,
          // Fail fast while Redis is away: health turns 503 instead of requests hanging.
          enableOfflineQueue: false,
        });
        // Reconnection is automatic; the readiness probe reports the outage.
        redis.on('error', () => undefined);
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
