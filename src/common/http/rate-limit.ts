import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, ThrottlerModule, seconds } from '@nestjs/throttler';
import type { Request } from 'express';
import Redis from 'ioredis';
import { Environment } from '../../config/environment';
import { REDIS } from '../redis/redis.module';

/**
 * Redis-backed rate limiting shared by every API instance. If Redis is away the limit is not
 * enforced (fail open) rather than failing every request; /health/ready reports the outage.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly log = new Logger(RateLimitGuard.name);

  protected override async getTracker(req: Request): Promise<string> {
    return req.ip ?? 'unknown';
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof ThrottlerException) throw error;
      this.log.warn({ err: error }, 'rate limit store unavailable; request allowed');
      return true;
    }
  }
}

export const RateLimitModule = ThrottlerModule.forRootAsync({
  inject: [Environment, REDIS],
  useFactory: (env: Environment, redis: Redis) => ({
    throttlers: [
      { name: 'default', ttl: seconds(env.RATE_LIMIT_WINDOW_SECONDS), limit: env.RATE_LIMIT_MAX },
    ],
    storage: new ThrottlerStorageRedisService(redis),
  }),
});
